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

    /** A second schema in the same database (a shared part a service adds), with its own history table. */
    public static void migrate(DataSource ds, String location, String historyTable) {
        Flyway.configure().dataSource(ds).locations("classpath:" + location).table(historyTable)
                .baselineOnMigrate(true).baselineVersion("0").failOnMissingLocations(true).load().migrate();
    }
}
