package dev.ferry.okta;

/**
 * An app in the tenant's Okta org, as the admin picks the one that stands for ShareFile.
 */
public record OktaApp(String id, String label, String name, String status) {

}
