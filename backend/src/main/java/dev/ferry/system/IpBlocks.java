package dev.ferry.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * A set of IP addresses and CIDR blocks ({@code 10.0.0.0/8}, {@code 127.0.0.1},
 * {@code ::1}), and the one place that turns text from a request header into an address:
 * only IP literals are parsed, so a header can never make Ferry look a name up.
 */
public final class IpBlocks {

	private final List<Block> blocks;

	private IpBlocks(List<Block> blocks) {
		this.blocks = blocks;
	}

	/**
	 * @throws IllegalArgumentException for an entry that is not an address or a CIDR
	 * block
	 */
	public static IpBlocks of(List<String> entries) {
		return new IpBlocks(entries.stream().map(IpBlocks::block).toList());
	}

	public boolean isEmpty() {
		return blocks.isEmpty();
	}

	public boolean contains(String address) {
		Optional<byte[]> bytes = parse(address);
		return bytes.isPresent() && blocks.stream().anyMatch(block -> block.contains(bytes.get()));
	}

	/** The address as bytes when {@code text} is an IPv4 or IPv6 literal, else empty. */
	public static Optional<byte[]> parse(String text) {
		if (text == null) {
			return Optional.empty();
		}
		String literal = text.strip();
		if (literal.startsWith("[") && literal.endsWith("]")) {
			literal = literal.substring(1, literal.length() - 1);
		}
		boolean v4 = literal.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
		boolean v6 = literal.indexOf(':') >= 0 && literal.length() <= 45 && literal.matches("[0-9A-Fa-f:.]+");
		if (!v4 && !v6) {
			return Optional.empty();
		}
		try {
			// a literal only (checked above): getByName parses it without any lookup
			return Optional.of(InetAddress.getByName(literal).getAddress());
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

	private static Block block(String entry) {
		String text = entry.strip();
		int slash = text.indexOf('/');
		byte[] address = parse(slash < 0 ? text : text.substring(0, slash))
			.orElseThrow(() -> new IllegalArgumentException(entry + " is not an IP address or CIDR block"));
		int bits = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
		if (bits < 0 || bits > address.length * 8) {
			throw new IllegalArgumentException(entry + " has a prefix length out of range");
		}
		return new Block(address, bits);
	}

	private record Block(byte[] network, int bits) {

		boolean contains(byte[] address) {
			if (address.length != network.length) {
				return false;
			}
			for (int i = 0; i < bits; i++) {
				int mask = 0x80 >> (i % 8);
				if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
					return false;
				}
			}
			return true;
		}

	}

}
