package dev.ferry.mapping.internal;

/**
 * What the parser knows about a value before evaluation. Attributes are ANY because
 * profiles differ per person; the others let the parser catch {@code if("x", ...)} or
 * {@code lower(groups)} early.
 */
enum Type {

	TEXT("text"), NUMBER("a number"), BOOLEAN("true or false"), LIST("a list"), ANY("any value");

	private final String description;

	Type(String description) {
		this.description = description;
	}

	String description() {
		return this.description;
	}

}
