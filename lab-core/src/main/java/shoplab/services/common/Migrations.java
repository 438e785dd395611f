package shoplab.services.common;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/** Each service owns its schema and migrates it with Flyway when it starts. */
public final class Migrations {

    private Migrations() {
    }

    public static void migrate(DataSource ds, String location) {
        Flyway.configure().dataSource(ds).locations("classpath:" + location)
                .failOnMissingLocations(true).load().migrate();
    }
}
