package dev.twitterlike.common.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * The web behaviour every service shares: problem JSON for every error, the request context
 * (request id, verified user), {@link CurrentUser} parameters, and the limits of live streams
 * ({@link LiveStreams.Limits}, {@code twitter.streams}).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({CommonWebAutoConfiguration.IdentityProperties.class, LiveStreams.Limits.class})
public class CommonWebAutoConfiguration {

    /**
     * @param secret the secret shared by the gateway and the services (at least 32 bytes, no
     *               default: a service does not start without it), {@code INTERNAL_SECRET} in the
     *               environment
     */
    @ConfigurationProperties("twitter.identity")
    public record IdentityProperties(String secret) {
    }

    @Bean
    ProblemHandler problemHandler() {
        return new ProblemHandler();
    }

    @Bean
    IdentitySigner identitySigner(IdentityProperties properties) {
        return new IdentitySigner(properties.secret());
    }

    @Bean
    FilterRegistrationBean<RequestIdentityFilter> requestIdentityFilter(IdentitySigner signer, Environment env) {
        String service = env.getRequiredProperty("spring.application.name");
        FilterRegistrationBean<RequestIdentityFilter> registration = new FilterRegistrationBean<>(new RequestIdentityFilter(signer, service));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    WebMvcConfigurer currentUserConfigurer() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CurrentUserArgumentResolver());
            }
        };
    }
}
