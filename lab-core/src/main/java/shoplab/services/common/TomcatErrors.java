package shoplab.services.common;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every service's Tomcat reports its own errors with {@link JsonErrorValve} instead of an HTML page. In this
 * package, so every service application picks it up with {@link ApiError} (they scan the package).
 */
@Configuration(proxyBeanMethods = false)
public class TomcatErrors {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            // Boot may have put an HTML one there already (without the server's version); it must not answer first.
            for (Valve v : host.getPipeline().getValves()) {
                if (v instanceof ErrorReportValve && !(v instanceof JsonErrorValve)) {
                    host.getPipeline().removeValve(v);
                }
            }
            host.getPipeline().addValve(new JsonErrorValve());
            if (host instanceof StandardHost standard) { // so that the host adds no default one when it starts
                standard.setErrorReportValveClass(JsonErrorValve.class.getName());
            }
        });
    }
}
