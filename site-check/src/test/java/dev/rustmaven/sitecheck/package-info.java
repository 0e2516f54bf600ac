/**
 * The site check: serves the staged Maven site over loopback HTTP, opens every page reachable from its
 * {@code index.html} in headless Chromium and reports each page that does not render and each broken
 * link, anchor or image.
 */
package dev.rustmaven.sitecheck;
