package dev.ferry.mapping.internal;

import java.util.List;

/**
 * The syntax tree. These records are everything evaluation can do: there is no node that
 * reaches an object's methods, a class or the environment.
 */
sealed interface Node {

	/** Where the node starts in the source, for errors raised while evaluating it. */
	int position();

	Type type();

	record Literal(Object value, Type type, int position) implements Node {
	}

	/**
	 * {@code user.firstName}: a root and the (possibly empty, for {@code groups}) dotted
	 * path.
	 */
	record Variable(String root, String path, int position) implements Node {

		@Override
		public Type type() {
			return Roots.GROUPS.equals(this.root) ? Type.LIST : Type.ANY;
		}

	}

	record Call(Builtin function, List<Node> arguments, int position) implements Node {

		@Override
		public Type type() {
			return this.function.resultType();
		}

	}

	/** {@code a + b + c} kept flat, so long chains cost no evaluation depth. */
	record Concat(List<Node> parts, int position) implements Node {

		@Override
		public Type type() {
			return Type.TEXT;
		}

	}

	record Compare(boolean equal, Node left, Node right, int position) implements Node {

		@Override
		public Type type() {
			return Type.BOOLEAN;
		}

	}

	/**
	 * {@code a and b and c} (all = true) or {@code a or b or c} (all = false), kept flat.
	 */
	record Logic(boolean all, List<Node> operands, int position) implements Node {

		@Override
		public Type type() {
			return Type.BOOLEAN;
		}

	}

	record Not(Node operand, int position) implements Node {

		@Override
		public Type type() {
			return Type.BOOLEAN;
		}

	}

}
