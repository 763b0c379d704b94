package dev.ferry.sandbox.core;

/** One Okta org or one ShareFile account in the sandbox, e.g. {@code okta/acme}. */
public record TargetId(TargetKind kind, String name) {

	public static TargetId okta(String org) {
		return new TargetId(TargetKind.OKTA, org);
	}

	public static TargetId sharefile(String subdomain) {
		return new TargetId(TargetKind.SHAREFILE, subdomain);
	}

	@Override
	public String toString() {
		return kind.pathSegment() + "/" + name;
	}

}
