package dev.twitterlike.devstack;

import java.sql.Connection;
import java.sql.SQLException;

/** A PostgreSQL devstack started, embedded ({@link PostgresNode}) or in a container ({@link Containers}). */
public interface PostgresServer {

    /** The {@code twitter} database. */
    String jdbcUrl();

    /** The superuser's password. */
    String adminPassword();

    /** A connection to the twitter database as the superuser (provisioning, test fixtures, admin tools). */
    Connection admin() throws SQLException;
}
