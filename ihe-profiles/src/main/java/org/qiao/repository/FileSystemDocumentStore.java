package org.qiao.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Content-addressed files: {@code root/ab/cd/abcdef…} by SHA-1. Bytes are written to a temporary file,
 * forced to disk, then moved into place, so a file under its address is always complete.
 */
public class FileSystemDocumentStore implements DocumentStore {

    private final Path root;

    public FileSystemDocumentStore(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    @Override
    public Stored put(InputStream content) throws IOException {
        var tmp = Files.createTempFile(root, "incoming-", ".tmp");
        try {
            var digest = sha1();
            long size;
            try (var in = new DigestInputStream(content, digest);
                 var channel = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                size = in.transferTo(java.nio.channels.Channels.newOutputStream(channel));
                channel.force(true);
            }
            var hash = HexFormat.of().formatHex(digest.digest());
            var target = path(hash);
            if (Files.exists(target)) {
                return new Stored(hash, size, false);
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            } catch (FileAlreadyExistsException raced) {
                return new Stored(hash, size, false);
            }
            return new Stored(hash, size, true);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public Optional<InputStream> get(String sha1) throws IOException {
        var p = path(sha1);
        return Files.exists(p) ? Optional.of(Files.newInputStream(p)) : Optional.empty();
    }

    @Override
    public void delete(String sha1) throws IOException {
        Files.deleteIfExists(path(sha1));
    }

    private Path path(String sha1) {
        var h = sha1.toLowerCase();
        return root.resolve(h.substring(0, 2)).resolve(h.substring(2, 4)).resolve(h);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
