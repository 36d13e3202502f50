package dev.twitterlike.common.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a controller parameter ({@code long} or {@code Long}) to the signed-in user's id, as
 * the gateway vouched for it. Required by default: without a genuine identity the request
 * gets a 401 problem. With {@code required = false} the parameter is {@code null} for
 * anonymous viewers.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CurrentUser {

    boolean required() default true;
}
