package io.enseada.registry.npm;

/**
 * Which of npm's two documents of a package a client asked for: installers ask for the abbreviated
 * one (versions with what installing needs); {@code npm view}, time-based resolution and release-age
 * checks ask for the full one (readme, descriptions, every version's publish time). A proxy keeps
 * each as its upstream sent it, since neither can be made from the other.
 */
enum PackumentForm {
    ABBREVIATED("application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8"),
    FULL("application/json");

    /** What a proxy sends its upstream as {@code Accept} for this form. */
    final String accept;

    PackumentForm(String accept) {
        this.accept = accept;
    }

    PackumentForm other() {
        return this == FULL ? ABBREVIATED : FULL;
    }
}
