package dev.twitterlike.devstack;

/** The three kinds of server a service can ask devstack for. */
public enum Infra {
    POSTGRES, REDIS, KAFKA
}
