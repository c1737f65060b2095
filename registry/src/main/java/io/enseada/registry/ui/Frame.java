package io.enseada.registry.ui;

/**
 * What every page's layout shows around its content: the title, who is signed in, the form token
 * of the sign-out and search forms, which section of the navigation is current.
 *
 * @param user the signed-in user's name, or null for an anonymous visitor
 * @param csrf the session's form token, or null for an anonymous visitor
 */
public record Frame(
        String title, String user, boolean admin, String csrf, String section, String query, String stylesheet) {

    public boolean signedIn() {
        return user != null;
    }

    /** {@code "page"} for the current section's link, else null (the attribute is then left out). */
    public String current(String name) {
        return name.equals(section) ? "page" : null;
    }
}
