package dev.rustmaven.archiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tests' own reading of a GNU archive, written from the format's description and independent of the
 * archiver's code, strict about what GNU ar writes: headers with the end mark, the index first, the long
 * names next, every member at an even offset.
 *
 * @param headers every member header in order, the index and the long-name table included
 * @param index the symbol index: each symbol with the offset of its member's header; empty without one
 * @param hasIndex whether there is a {@code /} member
 * @param members the files, with their names resolved
 */
record ArFile(List<Header> headers, List<Symbol> index, boolean hasIndex, List<Member> members) {

    /** One raw header: where it starts and its fields as written (trailing spaces removed). */
    record Header(long offset, String name, String time, String owner, String group, String mode, int size) {}

    record Symbol(String name, long headerOffset) {}

    record Member(String name, long headerOffset, byte[] data) {}

    static ArFile parse(byte[] bytes) {
        assertThat(Arrays.copyOf(bytes, 8))
                .as("the signature")
                .isEqualTo("!<arch>\n".getBytes(StandardCharsets.US_ASCII));
        List<Header> headers = new ArrayList<>();
        List<Symbol> index = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        boolean hasIndex = false;
        String longNames = "";
        int at = 8;
        while (at < bytes.length) {
            assertThat(at % 2).as("members start at even offsets").isZero();
            String h = new String(bytes, at, 60, StandardCharsets.US_ASCII);
            assertThat(h.substring(58))
                    .as("the end mark of the header at %d", at)
                    .isEqualTo("`\n");
            Header header = new Header(
                    at,
                    h.substring(0, 16).stripTrailing(),
                    h.substring(16, 28).stripTrailing(),
                    h.substring(28, 34).stripTrailing(),
                    h.substring(34, 40).stripTrailing(),
                    h.substring(40, 48).stripTrailing(),
                    Integer.parseInt(h.substring(48, 58).strip()));
            headers.add(header);
            byte[] data = Arrays.copyOfRange(bytes, at + 60, at + 60 + header.size());
            if (header.name().equals("/")) {
                assertThat(headers).as("the index comes first").hasSize(1);
                hasIndex = true;
                ByteBuffer b = ByteBuffer.wrap(data);
                int count = b.getInt();
                int names = 4 + 4 * count;
                for (int i = 0; i < count; i++) {
                    int end = names;
                    while (data[end] != 0) {
                        end++;
                    }
                    index.add(new Symbol(
                            new String(data, names, end - names, StandardCharsets.UTF_8),
                            Integer.toUnsignedLong(b.getInt(4 + 4 * i))));
                    names = end + 1;
                }
            } else if (header.name().equals("//")) {
                longNames = new String(data, StandardCharsets.UTF_8);
            } else if (header.name().startsWith("/")) {
                int offset = Integer.parseInt(header.name().substring(1));
                members.add(new Member(longNames.substring(offset, longNames.indexOf("/\n", offset)), at, data));
            } else {
                assertThat(header.name()).endsWith("/");
                members.add(new Member(header.name().substring(0, header.name().length() - 1), at, data));
            }
            at += 60 + header.size() + (header.size() % 2);
        }
        assertThat(at).as("the archive ends after its last member").isEqualTo(bytes.length);
        return new ArFile(headers, index, hasIndex, members);
    }

    /** The names of the members, in order. */
    List<String> names() {
        return members.stream().map(Member::name).toList();
    }

    /** The member whose header starts at {@code offset}. */
    Member memberAt(long offset) {
        return members.stream()
                .filter(m -> m.headerOffset() == offset)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no member header at offset " + offset));
    }

    /** The index's symbols that point at member {@code name}, in index order. */
    List<String> symbolsOf(String name) {
        return index.stream()
                .filter(s -> memberAt(s.headerOffset()).name().equals(name))
                .map(Symbol::name)
                .toList();
    }
}
