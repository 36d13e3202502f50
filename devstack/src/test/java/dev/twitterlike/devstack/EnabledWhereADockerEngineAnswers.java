package dev.twitterlike.devstack;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test class only where a Docker engine answers ({@link DockerEngine}); elsewhere it
 * is reported skipped, with what was looked for. The one place where a skip is the honest answer:
 * this project's own machine has the docker client and no engine.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EnabledWhereADockerEngineAnswers.Condition.class)
@interface EnabledWhereADockerEngineAnswers {

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return DockerEngine.answers()
                    ? ConditionEvaluationResult.enabled("a Docker engine answers")
                    : ConditionEvaluationResult.disabled("no Docker engine answers here (" + DockerEngine.describe()
                            + "): the container definitions run where one does");
        }
    }
}
