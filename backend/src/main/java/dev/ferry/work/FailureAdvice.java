package dev.ferry.work;

import java.util.Optional;

/**
 * What a person can do about a failed job, as the dead-letter list shows it. The work
 * module knows how to retry a failure but not what the systems behind it need from
 * people, so the module whose jobs call them provides this (provisioning, for the
 * connectors' failures).
 */
@FunctionalInterface
public interface FailureAdvice {

	/**
	 * @return what to fix, as a sentence for people; empty when this advice does not know
	 * the failure
	 */
	Optional<String> fixFor(Throwable failure);

}
