package dev.twitterlike.common.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import java.util.OptionalLong;

/** Resolves {@link CurrentUser} parameters from the identity the gateway signed. */
public class CurrentUserArgumentResolver implements HandlerMethodArgumentResolver {

    /** The verified user id, kept on the request by {@link RequestIdentityFilter}. */
    static final String ATTRIBUTE = CurrentUserArgumentResolver.class.getName() + ".userId";

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(CurrentUser.class)
                && (parameter.getParameterType() == long.class || parameter.getParameterType() == Long.class);
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        Object userId = request == null ? null : request.getAttribute(ATTRIBUTE);
        CurrentUser annotation = parameter.getParameterAnnotation(CurrentUser.class);
        if (userId == null) {
            if (annotation != null && annotation.required()) {
                throw Problems.unauthorized();
            }
            return null;
        }
        return userId;
    }

    static OptionalLong of(HttpServletRequest request) {
        Object userId = request.getAttribute(ATTRIBUTE);
        return userId instanceof Long id ? OptionalLong.of(id) : OptionalLong.empty();
    }
}
