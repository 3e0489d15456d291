package org.qiao.conformance.security;

import org.qiao.conformance.support.Hl7;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Deterministic mutations of seed HL7 v2 messages for the fuzz test. Mutant {@code i} depends only on the
 * mutator's seed and {@code i}, never on thread scheduling, so any failure can be reproduced from its index.
 * <p>
 * A message is worked on as an ISO-8859-1 string, one char per byte: text operations (segments, fields,
 * separators) and byte operations (flips, invalid UTF-8, control bytes) compose freely on it, and the
 * payload is exactly its chars as bytes.
 * <p>
 * Seeds never carry the identifiers of the test's baseline: sample identifiers get an {@code FZ} prefix and
 * built seeds use {@code FZ…} identifiers, so nothing a mutant does can touch a baseline resident.
 */
public final class Hl7Mutator {

    /** A kind of mutation, with its weight in the random choice. */
    public enum Kind {
        BIT_FLIP(4), BYTE_SET(4), BYTE_INSERT(3), BYTE_DELETE(3),
        SEGMENT_DELETE(3), SEGMENT_DUPLICATE(3), SEGMENT_SWAP(3),
        FIELD_TRUNCATE(3), FIELD_EMPTY(4), FIELD_HUGE(1),
        SEPARATOR_INJECT(4), ESCAPE_INJECT(3), MSH_ENCODING_CHARS(3), WRONG_MSH9(3), WRONG_MSH12(2),
        CHARSET_LIE(3), INVALID_UTF8(3), CONTROL_BYTES(3), LINE_ENDINGS(2),
        EMPTY(1), ONLY_MSH(1), MANY_SEGMENTS(1), DEEP_REPETITIONS(1),
        STACKED(4);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    /** A seed message: its text and the character set its bytes are written in. */
    public record Seed(String name, String text, Charset charset) {
        byte[] bytes() {
            return text.getBytes(charset);
        }
    }

    /** One mutated message: what was done to which seed, and the frame payload to send. */
    public record Mutant(long index, String seed, Kind kind, String detail, byte[] payload) {
        /** True when the payload holds MLLP block characters, so the frame on the wire is not one frame. */
        public boolean breaksFraming() {
            for (var b : payload) {
                if (b == 0x0b || b == 0x1c) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Identifiers a mutant must never contain (the baseline's), checked after mutation. */
    public static final String FORBIDDEN = "BASE-";
    private static final String FIXED_TIME = "20260101120000";
    private static final int HUGE = 100_000;
    private static final Kind[] STACKABLE = EnumSet.complementOf(EnumSet.of(Kind.STACKED, Kind.EMPTY,
            Kind.FIELD_HUGE, Kind.MANY_SEGMENTS, Kind.DEEP_REPETITIONS, Kind.ONLY_MSH)).toArray(Kind[]::new);

    private final long seed;
    private final List<Seed> seeds;
    private final int totalWeight;

    public Hl7Mutator(long seed, List<Seed> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seed messages");
        }
        this.seed = seed;
        this.seeds = List.copyOf(seeds);
        this.totalWeight = Arrays.stream(Kind.values()).mapToInt(k -> k.weight).sum();
    }

    public List<Seed> seeds() {
        return seeds;
    }

    /** The {@code index}-th mutant; the same for the same mutator seed, whatever the order of calls. */
    public Mutant mutant(long index) {
        var random = new Random(seed ^ (index * 0x9E3779B97F4A7C15L) ^ 0x5DEECE66DL);
        for (int attempt = 0; ; attempt++) {
            var s = seeds.get(random.nextInt(seeds.size()));
            var kind = pick(random);
            var work = new Work(withControlId(s.text(), "FZ" + index), s.charset(), random);
            work.apply(kind);
            var payload = work.s.getBytes(StandardCharsets.ISO_8859_1);
            if (!work.s.contains(FORBIDDEN) || attempt > 20) {
                return new Mutant(index, s.name(), kind, String.join(",", work.detail), payload);
            }
        }
    }

    private Kind pick(Random random) {
        int n = random.nextInt(totalWeight);
        for (var k : Kind.values()) {
            n -= k.weight;
            if (n < 0) {
                return k;
            }
        }
        throw new AssertionError();
    }

    // ------------------------------------------------------------------------------------------ seeds

    /**
     * The seed set: every *.hl7 file under {@code samplesDir} (identifiers prefixed FZ) and messages built
     * here with the test support classes: ADT A01/A08/A40, QBP^Q23, ORU^R01, MDM^T02.
     */
    public static List<Seed> seeds(Path samplesDir) throws IOException {
        var out = new ArrayList<Seed>();
        try (Stream<Path> files = Files.walk(samplesDir)) {
            for (var f : files.filter(p -> p.toString().endsWith(".hl7")).sorted().toList()) {
                var bytes = Files.readAllBytes(f);
                var charset = charsetOf(new String(bytes, StandardCharsets.UTF_8));
                var text = normalize(new String(bytes, charset));
                out.add(new Seed(samplesDir.relativize(f).toString(), prefixIdentifiers(text), charset));
            }
        }
        var hospA = Hl7.HOSP_A;
        out.add(built("built-adt-a01", Hl7.adt("A01", "SEED", "FZA0001^^^" + hospA + "~FZ510104199001010011^^^"
                + Hl7.NATIONAL_ID, "测试", "一")));
        out.add(built("built-adt-a08", Hl7.adt("A08", "SEED", "FZA0001^^^" + hospA + "~FZH0001^^^"
                + Hl7.HEALTH_CARD, "测试", "一")));
        out.add(built("built-adt-a01-dup", Hl7.adt("A01", "SEED", "FZA0002^^^" + hospA, "测试", "二")));
        out.add(built("built-adt-a40", Hl7.a40("SEED", "FZA0001^^^" + hospA, "FZA0002^^^" + hospA, "测试", "一")));
        out.add(built("built-qbp-q23", Hl7.q23("SEED", "FZA0001^^^" + hospA, "^^^" + Hl7.REGIONAL + "~^^^"
                + Hl7.NATIONAL_ID)));
        out.add(built("built-oru-r01", oru()));
        out.add(built("built-mdm-t02", mdm()));
        return out;
    }

    private static Seed built(String name, String text) {
        return new Seed(name, normalize(text).replaceAll("\\b20\\d{12}\\b", FIXED_TIME), StandardCharsets.UTF_8);
    }

    private static String oru() {
        return "MSH|^~\\&|LIS_A|HOSP_A|QIAO|REGION|" + FIXED_TIME + "||ORU^R01^ORU_R01|SEED|P|2.5||||||UNICODE UTF-8\r"
                + "PID|||FZA0001^^^" + Hl7.HOSP_A + "||测试^一||19900101|F\r"
                + "OBR|1|PFZ0001|FFZ0001|CBC^血常规^LOCAL|||" + FIXED_TIME + "|||||||||D0101^张^仲景||||||"
                + FIXED_TIME + "|||F\r"
                + "OBX|1|NM|718-7^血红蛋白^LN||131|g/L|130-175|N|||F\r"
                + "OBX|2|NM|6690-2^白细胞计数^LN||6.3|10*9/L|3.5-9.5|N|||F\r"
                + "OBX|3|ST|LOCAL-7^镜检备注^LOCAL||未见异常||||||F\r"
                + "NTE|1||复查\r";
    }

    private static String mdm() {
        return "MSH|^~\\&|EMR_A|HOSP_A|QIAO|REGION|" + FIXED_TIME + "||MDM^T02^MDM_T02|SEED|P|2.5||||||UNICODE UTF-8\r"
                + "EVN|T02|" + FIXED_TIME + "\r"
                + "PID|||FZA0001^^^" + Hl7.HOSP_A + "||测试^一||19900101|F\r"
                + "PV1||I|NEI^301^2\r"
                + "TXA|1|DS|TX|" + FIXED_TIME + "|||||D0101^张^仲景|||FZ-DOC-0001||||||AU\r"
                + "OBX|1|TX|DS^出院小结||第一行~第二行 \\T\\ 续~第三行||||||F\r";
    }

    /** CR-separated segments, one CR at the end. */
    private static String normalize(String text) {
        var t = text.replace("\r\n", "\r").replace('\n', '\r').strip();
        return t.replaceAll("\r+", "\r") + "\r";
    }

    private static final Pattern CX_ID = Pattern.compile("(^|[|~])([^|^~&\r]+)(?=\\^\\^\\^)");

    /** Every identifier value (id^^^authority) in PID, MRG and QPD segments gets the prefix FZ. */
    static String prefixIdentifiers(String text) {
        var out = new StringBuilder();
        for (var segment : text.split("\r")) {
            if (segment.startsWith("PID|") || segment.startsWith("MRG|") || segment.startsWith("QPD|")) {
                segment = CX_ID.matcher(segment).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "FZ" + m.group(2)));
            }
            out.append(segment).append('\r');
        }
        return out.toString();
    }

    private static Charset charsetOf(String utf8Guess) {
        var first = utf8Guess.split("[\r\n]", 2)[0];
        var fields = first.split("\\|", -1);
        if (fields.length > 17 && fields[17].trim().equalsIgnoreCase("GB 18030-2000")) {
            return Charset.forName("GB18030");
        }
        return StandardCharsets.UTF_8;
    }

    private static String withControlId(String text, String controlId) {
        int end = text.indexOf('\r');
        var fields = text.substring(0, end).split("\\|", -1);
        if (fields.length > 9) {
            fields[9] = controlId;
        }
        return String.join("|", fields) + text.substring(end);
    }

    // ------------------------------------------------------------------------------------------ mutations

    /** The message being mutated, as one char per byte. */
    private static final class Work {
        String s;
        final Charset charset;
        final Random r;
        final List<String> detail = new ArrayList<>();

        Work(String text, Charset charset, Random r) {
            this.s = latin1(text.getBytes(charset));
            this.charset = charset;
            this.r = r;
        }

        void apply(Kind kind) {
            switch (kind) {
                case BIT_FLIP -> bitFlip();
                case BYTE_SET -> byteSet();
                case BYTE_INSERT -> byteInsert();
                case BYTE_DELETE -> byteDelete();
                case SEGMENT_DELETE -> segmentDelete();
                case SEGMENT_DUPLICATE -> segmentDuplicate();
                case SEGMENT_SWAP -> segmentSwap();
                case FIELD_TRUNCATE -> field("truncate", v -> v.substring(0, v.isEmpty() ? 0 : r.nextInt(v.length())));
                case FIELD_EMPTY -> field("empty", v -> "");
                case FIELD_HUGE -> field("huge", v -> huge());
                case SEPARATOR_INJECT -> field("separators", this::separators);
                case ESCAPE_INJECT -> field("escape", this::escapes);
                case MSH_ENCODING_CHARS -> mshEncoding();
                case WRONG_MSH9 -> mshField(9, pickOf(MSH9));
                case WRONG_MSH12 -> mshField(12, pickOf(MSH12));
                case CHARSET_LIE -> charsetLie();
                case INVALID_UTF8 -> invalidUtf8();
                case CONTROL_BYTES -> controlBytes();
                case LINE_ENDINGS -> lineEndings();
                case EMPTY -> {
                    s = pickOf(EMPTIES);
                    detail.add("empty");
                }
                case ONLY_MSH -> {
                    int end = s.indexOf('\r');
                    s = r.nextBoolean() ? s.substring(0, end + 1) : s.substring(0, end);
                    detail.add("only-msh");
                }
                case MANY_SEGMENTS -> manySegments();
                case DEEP_REPETITIONS -> deepRepetitions();
                case STACKED -> {
                    int n = 2 + r.nextInt(3);
                    var kinds = new ArrayList<Kind>();
                    for (int i = 0; i < n; i++) {
                        kinds.add(STACKABLE[r.nextInt(STACKABLE.length)]);
                    }
                    // text-level work first, then byte-level, so the text operations still see segments
                    kinds.sort((a, b) -> Boolean.compare(byteLevel(a), byteLevel(b)));
                    for (var k : kinds) {
                        apply(k);
                    }
                }
            }
        }

        private static boolean byteLevel(Kind k) {
            return k == Kind.BIT_FLIP || k == Kind.BYTE_SET || k == Kind.BYTE_INSERT || k == Kind.BYTE_DELETE
                    || k == Kind.INVALID_UTF8 || k == Kind.CONTROL_BYTES;
        }

        // ---- bytes

        private int pos(boolean inclusiveEnd) {
            int n = s.length() + (inclusiveEnd ? 1 : 0);
            return n <= 0 ? 0 : r.nextInt(n);
        }

        private void bitFlip() {
            if (s.isEmpty()) {
                return;
            }
            var c = s.toCharArray();
            int n = 1 + r.nextInt(8);
            for (int i = 0; i < n; i++) {
                int p = r.nextInt(c.length);
                c[p] = (char) ((c[p] ^ (1 << r.nextInt(8))) & 0xff);
            }
            s = new String(c);
            detail.add("bitflip" + n);
        }

        private void byteSet() {
            if (s.isEmpty()) {
                return;
            }
            var c = s.toCharArray();
            int n = 1 + r.nextInt(8);
            for (int i = 0; i < n; i++) {
                c[r.nextInt(c.length)] = (char) r.nextInt(256);
            }
            s = new String(c);
            detail.add("byteset" + n);
        }

        private void byteInsert() {
            int n = 1 + r.nextInt(8);
            var sb = new StringBuilder(s);
            for (int i = 0; i < n; i++) {
                var chunk = new StringBuilder();
                for (int j = 1 + r.nextInt(16); j > 0; j--) {
                    chunk.append((char) r.nextInt(256));
                }
                sb.insert(r.nextInt(sb.length() + 1), chunk);
            }
            s = sb.toString();
            detail.add("insert" + n);
        }

        private void byteDelete() {
            int n = 1 + r.nextInt(4);
            var sb = new StringBuilder(s);
            for (int i = 0; i < n && sb.length() > 0; i++) {
                int from = r.nextInt(sb.length());
                int len = 1 + r.nextInt(r.nextBoolean() ? 4 : 64);
                sb.delete(from, Math.min(sb.length(), from + len));
            }
            s = sb.toString();
            detail.add("delete" + n);
        }

        private static final int[][] BAD_UTF8 = {
                {0xff}, {0xfe}, {0xc0, 0x80}, {0xc1, 0xbf}, {0xe4, 0xb8}, {0x80}, {0xbf, 0xbf},
                {0xed, 0xa0, 0x80}, {0xed, 0xbf, 0xbf}, {0xf4, 0x90, 0x80, 0x80}, {0xf8, 0x88, 0x80, 0x80, 0x80},
                {0xc3}, {0xef, 0xbb, 0xbf}, {0xfe, 0xff}, {0xe0, 0x80, 0xaf}, {0xf0, 0x80, 0x80, 0xaf}};

        private void invalidUtf8() {
            int n = 1 + r.nextInt(6);
            var sb = new StringBuilder(s);
            for (int i = 0; i < n; i++) {
                var seq = BAD_UTF8[r.nextInt(BAD_UTF8.length)];
                var chunk = new StringBuilder();
                for (var b : seq) {
                    chunk.append((char) b);
                }
                int at = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
                if (r.nextInt(3) == 0 && at < sb.length()) {
                    sb.replace(at, Math.min(sb.length(), at + chunk.length()), chunk.toString());
                } else {
                    sb.insert(at, chunk);
                }
            }
            s = sb.toString();
            detail.add("utf8x" + n);
        }

        private static final char[] CONTROLS = {0x00, 0x01, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1a, 0x1b,
                0x1c, 0x1d, 0x1e, 0x1f, 0x7f, 0x85, 0xa0};

        private void controlBytes() {
            var sb = new StringBuilder(s);
            int mode = r.nextInt(6);
            if (mode == 0) {
                // an end block inside the content: the frame ends early and the rest is data outside a frame
                sb.insert(r.nextInt(sb.length() + 1), "\u001c\r");
                detail.add("fs-cr-inside");
            } else if (mode == 1) {
                // a start block inside the content: the receiver starts the frame anew
                sb.insert(r.nextInt(sb.length() + 1), "\u000b");
                detail.add("vt-inside");
            } else {
                int n = 1 + r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    sb.insert(r.nextInt(sb.length() + 1), CONTROLS[r.nextInt(CONTROLS.length)]);
                }
                detail.add("controls" + n);
            }
            s = sb.toString();
        }

        // ---- segments

        private List<String> segments() {
            return new ArrayList<>(Arrays.asList(s.split("\r", -1)));
        }

        private void setSegments(List<String> segs) {
            s = String.join("\r", segs);
        }

        /** Index of a non-empty segment (the trailing "" after the last CR is never chosen). */
        private int segmentIndex(List<String> segs, boolean mayBeMsh) {
            int n = segs.size();
            if (n > 1 && segs.get(n - 1).isEmpty()) {
                n--;
            }
            if (n <= 1) {
                return 0;
            }
            return mayBeMsh && r.nextInt(6) == 0 ? 0 : 1 + r.nextInt(n - 1);
        }

        private void segmentDelete() {
            var segs = segments();
            int i = segmentIndex(segs, true);
            var name = segs.get(i).length() >= 3 ? segs.get(i).substring(0, 3) : segs.get(i);
            segs.remove(i);
            setSegments(segs);
            detail.add("del-" + printable(name));
        }

        private void segmentDuplicate() {
            var segs = segments();
            int i = segmentIndex(segs, true);
            int times = r.nextInt(4) == 0 ? 2 + r.nextInt(20) : 1;
            for (int k = 0; k < times; k++) {
                segs.add(r.nextBoolean() ? i : Math.min(segs.size(), 1 + r.nextInt(segs.size())), segs.get(i));
            }
            setSegments(segs);
            detail.add("dup" + times);
        }

        private void segmentSwap() {
            var segs = segments();
            int i = segmentIndex(segs, true);
            int j = segmentIndex(segs, true);
            var t = segs.get(i);
            segs.set(i, segs.get(j));
            segs.set(j, t);
            setSegments(segs);
            detail.add("swap" + i + "-" + j);
        }

        private void manySegments() {
            var segs = segments();
            int count = 1000 + r.nextInt(9000);
            int mode = r.nextInt(4);
            String segment = switch (mode) {
                case 0 -> segs.get(segmentIndex(segs, false));
                case 1 -> "NTE|1||x";
                case 2 -> "ZFZ|" + "a|".repeat(3);
                default -> "";
            };
            // keep segments short so the frame stays around 100 KB or less
            if (segment.length() > 60) {
                segment = segment.substring(0, 60);
            }
            int at = Math.max(1, segs.size() - 1);
            segs.addAll(at, java.util.Collections.nCopies(count, segment));
            setSegments(segs);
            detail.add("segments" + count + "x" + mode);
        }

        // ---- fields

        private void field(String what, java.util.function.UnaryOperator<String> change) {
            var segs = segments();
            int i = segmentIndex(segs, true);
            var fields = new ArrayList<>(Arrays.asList(segs.get(i).split("\\|", -1)));
            // MSH-1 is the separator itself and MSH-2 the encoding characters: start at MSH-3
            int min = i == 0 ? 2 : 1;
            if (fields.size() <= min) {
                fields.add("");
            }
            int f = min + r.nextInt(Math.max(1, fields.size() - min));
            if (f >= fields.size()) {
                fields.add("");
            }
            fields.set(f, change.apply(fields.get(f)));
            segs.set(i, String.join("|", fields));
            setSegments(segs);
            detail.add(what + "@" + i + "." + f);
        }

        private String huge() {
            var sb = new StringBuilder(HUGE);
            int mode = r.nextInt(3);
            if (mode == 0) {
                sb.append("X".repeat(HUGE));
            } else if (mode == 1) {
                // multi-byte text, written as its UTF-8 bytes
                sb.append(latin1("长".repeat(HUGE / 3).getBytes(StandardCharsets.UTF_8)));
            } else {
                for (int i = 0; i < HUGE; i++) {
                    sb.append((char) ('!' + r.nextInt(94)));
                }
            }
            return sb.toString();
        }

        private String separators(String v) {
            var sb = new StringBuilder(v);
            int n = 1 + r.nextInt(10);
            var chars = "|^~\\&";
            for (int i = 0; i < n; i++) {
                sb.insert(sb.isEmpty() ? 0 : r.nextInt(sb.length() + 1), chars.charAt(r.nextInt(chars.length())));
            }
            return sb.toString();
        }

        private static final String[] ESCAPES = {"\\E\\", "\\F\\", "\\S\\", "\\T\\", "\\R\\", "\\X0D0A\\",
                "\\X0B1C\\", "\\XZZ\\", "\\X\\", "\\H\\", "\\N\\", "\\Zabc\\", "\\", "\\\\", "\\.br\\", "\\C2842\\",
                "\\M2842\\", "\\X00\\", "\\XFFFE\\", "\\.sp-99999\\", "\\.in+99999\\", "\\Cxyz\\", "\\E"};

        private String escapes(String v) {
            var sb = new StringBuilder(v);
            int n = 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                String e;
                int mode = r.nextInt(10);
                if (mode == 0) {
                    e = "\\" + "A".repeat(1000 + r.nextInt(4000));             // never closed
                } else if (mode == 1) {
                    e = "\\X" + "0".repeat(2 * (500 + r.nextInt(2000))) + "\\"; // a long hex escape
                } else {
                    e = ESCAPES[r.nextInt(ESCAPES.length)];
                }
                sb.insert(sb.isEmpty() ? 0 : r.nextInt(sb.length() + 1), e);
            }
            return sb.toString();
        }

        private String repetitions() {
            int k = 1000 + r.nextInt(29_000);
            return switch (r.nextInt(5)) {
                case 0 -> "a~".repeat(k);
                case 1 -> "^".repeat(k);
                case 2 -> "&".repeat(k);
                case 3 -> "x^y&z~".repeat(k / 3);
                default -> "~".repeat(k);
            };
        }

        private void deepRepetitions() {
            field("deep", v -> v + repetitions());
        }

        // ---- MSH

        private static final String[] MSH2 = {"", "^", "^~", "^~\\", "^~\\&#", "^~\\&^~\\&", "||||", "^^^^",
                "abcd", "~~~~", "&&&&", "\\\\\\\\", "|~\\&", "^|\\&", " ~\\&", "^~\\\u0000", "^\r\\&"};
        private static final char[] FIELD_SEPARATORS = {'^', '#', ' ', '\t', 'é', '\u0000', '~', '\\', 'M', '\r',
                '\u00ff', '|'};

        private void mshEncoding() {
            if (!s.startsWith("MSH") || s.length() < 8) {
                return;
            }
            int mode = r.nextInt(4);
            int end = s.indexOf('|', 4);
            if (mode == 0 && end > 0) {
                var chars = pickOf(MSH2);
                s = s.substring(0, 4) + chars + s.substring(end);
                detail.add("msh2=" + printable(chars));
            } else if (mode == 1) {
                // another field separator, in MSH only or everywhere
                char sep = FIELD_SEPARATORS[r.nextInt(FIELD_SEPARATORS.length)];
                s = r.nextBoolean() ? "MSH" + sep + s.substring(4) : s.replace('|', sep);
                detail.add("fieldsep=" + printable(String.valueOf(sep)));
            } else if (mode == 2) {
                var head = pickOf(new String[] {"MSh", "MS", " MSH", "\u00ef\u00bb\u00bfMSH", "MSHMSH", "msh", "FHS",
                        "BHS", "MSA", "\rMSH", "MSH\r"});
                s = head + s.substring(3);
                detail.add("head=" + printable(head));
            } else {
                // encoding characters equal to each other
                char c = "^~\\&".charAt(r.nextInt(4));
                if (end > 0) {
                    s = s.substring(0, 4) + String.valueOf(c).repeat(4) + s.substring(end);
                }
                detail.add("msh2-same=" + c);
            }
        }

        private static final String[] MSH9 = {"", "ADT", "ADT^", "^A01", "ADT^A99", "ADT^A01^QBP_Q21",
                "QBP^Q23^ADT_A01", "ADT^A40^ADT_A01", "ORU^R01^ADT_A01", "ORM^O01", "ACK", "ACK^A01", "adt^a01",
                "ADT^A01~ORU^R01", "ADT&X^A01", "ADT^A01^ADT_A01^EXTRA^MORE", "QBP^Q22^QBP_Q21", "MDM^T02^ORU_R01",
                "RSP^K23", "ADT^A31^ADT_A05", "ADT^A04^ADT_A01", "ADT^A05^ADT_A01", "ADT^A08^ADT_A01",
                "ADT^A40^ADT_A39", "ORU^R01^ORU_R01", "MDM^T02^MDM_T02", "QBP^Q23^QBP_Q21", "ADT^A01^ADT_A99",
                "ADT^^ADT_A01", "\\E\\^A01", "Z01^Z01", "ADT^A01^ADT_A01&x&y", "ORU^R30"};
        private static final String[] MSH12 = {"", "2.5", "2.3.1", "2.4", "2.5.1", "2.3", "2.7", "3.0", "9.9.9",
                "2.3.1^CHN", "2.5&x", "x", "2.3.1~2.5", "2." + "1".repeat(1000), "2.3.1 ", " 2.5", "2,5", "2.6"};

        private void mshField(int n, String value) {
            var segs = segments();
            if (!segs.get(0).startsWith("MSH|")) {
                return;
            }
            var fields = new ArrayList<>(Arrays.asList(segs.get(0).split("\\|", -1)));
            while (fields.size() <= n - 1) {
                fields.add("");
            }
            fields.set(n - 1, value);
            segs.set(0, String.join("|", fields));
            setSegments(segs);
            detail.add("msh" + n + "=" + printable(value.length() > 20 ? value.substring(0, 20) + "…" : value));
        }

        private static final String[] LABELS = {"ASCII", "8859/1", "GB 18030-2000", "UNICODE UTF-16", "UNICODE",
                "UNICODE UTF-32", "BIG-5", "KS X 1001", "ISO IR87", "8859/5", "EBCDIC", "UTF8", "",
                "UNICODE UTF-8~GB 18030-2000", "UNICODE UTF-8^x", "UNICODE UTF-8", "gb 18030-2000", "X-NONE"};
        private static final String[] ENCODINGS = {"GB18030", "UTF-16", "UTF-16LE", "ISO-8859-1", "Big5",
                "UTF-32", "EUC-KR", "US-ASCII", "UTF-8"};

        private void charsetLie() {
            var text = new String(s.getBytes(StandardCharsets.ISO_8859_1), charset);
            int mode = r.nextInt(4);
            String label = null;
            Charset written = charset;
            if (mode == 0 || mode == 2) {
                label = pickOf(LABELS);
                text = withMsh18(text, label);
            }
            if (mode == 1 || mode == 2) {
                written = Charset.forName(pickOf(ENCODINGS));
            }
            if (mode == 3) {
                // mixed: the first half of the segments in UTF-8, the rest in GB 18030
                int cut = text.indexOf('\r', text.length() / 2);
                cut = cut < 0 ? text.length() : cut;
                s = latin1(text.substring(0, cut).getBytes(StandardCharsets.UTF_8))
                        + latin1(text.substring(cut).getBytes(Charset.forName("GB18030")));
                detail.add("mixed-utf8-gb18030");
                return;
            }
            s = latin1(text.getBytes(written));
            detail.add("msh18=" + (label == null ? "(kept)" : printable(label)) + ",bytes=" + written.name());
        }

        private static String withMsh18(String text, String label) {
            int end = text.indexOf('\r');
            end = end < 0 ? text.length() : end;
            var fields = new ArrayList<>(Arrays.asList(text.substring(0, end).split("\\|", -1)));
            while (fields.size() <= 17) {
                fields.add("");
            }
            fields.set(17, label);
            return String.join("|", fields) + text.substring(end);
        }

        private void lineEndings() {
            var to = pickOf(new String[] {"\n", "\r\n", "\n\r", "", "\r\r\r", " \r", "\r\u0000"});
            s = s.replace("\r", to);
            detail.add("eol=" + printable(to));
        }

        private static final String[] EMPTIES = {"", " ", "\r", "\r\n\r\n", "MSH", "MSH|", "MSH|^~\\&", "MSH|^~\\&|",
                "\u0000", "   \t  "};

        private <T> T pickOf(T[] values) {
            return values[r.nextInt(values.length)];
        }
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Control characters shown as \xNN, for reports. */
    public static String printable(String s) {
        var sb = new StringBuilder();
        for (var c : s.toCharArray()) {
            if (c == '\r') {
                sb.append("\\r");
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                sb.append(String.format("\\x%02X", (int) c));
            } else if (c == '|') {
                sb.append("\\|");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
