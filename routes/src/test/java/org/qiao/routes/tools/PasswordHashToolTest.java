package org.qiao.routes.tools;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHashToolTest {

    @Test
    void hashesOneLineOfStandardInputForTheDelegatingEncoder() {
        var out = new ByteArrayOutputStream();
        int code = run("s3cret pass\n", out, new String[0]);
        assertThat(code).isZero();
        String hash = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain("s3cret");
        // what Spring Security does with the configured value
        var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        assertThat(encoder.matches("s3cret pass", hash)).isTrue();
        assertThat(encoder.matches("s3cret", hash)).isFalse();
    }

    @Test
    void refusesAnEmptyPasswordAndArguments() {
        assertThat(run("\n", new ByteArrayOutputStream(), new String[0])).isEqualTo(1);
        assertThat(run("", new ByteArrayOutputStream(), new String[0])).isEqualTo(1);
        var out = new ByteArrayOutputStream();
        assertThat(run("x\n", out, new String[] {"secret-on-the-command-line"})).isEqualTo(2);
        assertThat(out.size()).isZero();
    }

    private static int run(String stdin, ByteArrayOutputStream out, String[] args) {
        return PasswordHashTool.run(args, null, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
    }
}
