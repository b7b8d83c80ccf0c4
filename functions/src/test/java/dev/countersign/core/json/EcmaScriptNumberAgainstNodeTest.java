package dev.countersign.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Compares our number text with a real ECMAScript engine (Node.js, which the project needs anyway). */
class EcmaScriptNumberAgainstNodeTest {
    private static final String SCRIPT = "const lines = require('fs').readFileSync(0, 'utf8').trim().split('\\n');"
            + "const view = new DataView(new ArrayBuffer(8));"
            + "const out = lines.map(h => { view.setBigUint64(0, BigInt('0x' + h)); return String(view.getFloat64(0)); });"
            + "process.stdout.write(out.join('\\n') + '\\n');";

    @Test
    void format_agreesWithNode_onTwentyThousandRandomDoubles() throws Exception {
        SplittableRandom random = new SplittableRandom(8785);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong()); // every exponent, subnormals included
            if (Double.isFinite(d)) {
                values.add(d);
            }
        }
        for (int i = 0; i < 10_000; i++) {
            values.add(Math.round(random.nextDouble() * 1e6) / 100.0); // money-like values
        }

        List<String> expected = runNode(values);

        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String ours = EcmaScriptNumber.format(values.get(i));
            if (!ours.equals(expected.get(i))) {
                mismatches.add(Long.toHexString(Double.doubleToRawLongBits(values.get(i)))
                        + ": ours " + ours + ", node " + expected.get(i));
            }
        }
        assertThat(mismatches).isEmpty();
    }

    private static List<String> runNode(List<Double> values) throws IOException, InterruptedException {
        Process node = new ProcessBuilder(nodeExecutable(), "-e", SCRIPT).redirectErrorStream(true).start();
        try (Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.US_ASCII)) {
            for (double v : values) {
                in.write(String.format("%016x%n", Double.doubleToRawLongBits(v)));
            }
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        }
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(node.exitValue()).as("node exit status; output: %s", lines).isZero();
        assertThat(lines).hasSize(values.size());
        return lines;
    }

    private static String nodeExecutable() {
        String configured = System.getenv("COUNTERSIGN_NODE");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail("this test compares with Node.js and found no `node` on the PATH: install Node.js 20 or newer"
                + " (for example: apt-get install nodejs npm) or set COUNTERSIGN_NODE");
    }
}
