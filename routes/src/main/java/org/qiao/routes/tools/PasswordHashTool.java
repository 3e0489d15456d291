package org.qiao.routes.tools;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code java -jar qiao.jar hash-password}: reads a password and prints {@code {bcrypt}<hash>}, the form Spring
 * Security's delegating password encoder reads from configuration, so no clear password is ever stored.
 * The password is never an argument (it would show in the process list and the shell history): it is read from
 * the terminal with echo off, typed twice, or else as one line from standard input (scripts: {@code echo … |}).
 */
public final class PasswordHashTool {

    private PasswordHashTool() {
    }

    public static void main(String[] args) {
        int code = run(args, System.console(), System.in, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** 0 printed a hash, 1 no usable password, 2 arguments given. */
    public static int run(String[] args, Console console, InputStream in, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            err.println("usage: hash-password   (reads the password from the terminal or one line of standard input)");
            return 2;
        }
        char[] password;
        if (console != null) {
            password = console.readPassword("Password: ");
            char[] again = password == null ? null : console.readPassword("Again: ");
            if (password != null && !Arrays.equals(password, again)) {
                err.println("hash-password: the two passwords differ");
                return 1;
            }
        } else {
            try {
                String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
                password = line == null ? null : line.replace("\r", "").toCharArray();
            } catch (IOException e) {
                err.println("hash-password: " + e.getMessage());
                return 1;
            }
        }
        if (password == null || password.length == 0) {
            err.println("hash-password: no password given");
            return 1;
        }
        try {
            out.println(hash(new String(password)));
            return 0;
        } catch (IllegalArgumentException e) { // BCrypt reads at most 72 bytes and refuses longer ones
            err.println("hash-password: " + e.getMessage());
            return 1;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public static String hash(CharSequence password) {
        return "{bcrypt}" + new BCryptPasswordEncoder().encode(password);
    }
}
