package dev.heed.inference.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a pose event says about the model that produced it.
 *
 * @param name    the model file's name without ".onnx", e.g. "hopenet-lite-shufflenetv2"
 * @param version the first 12 hex digits of the SHA-256 of the model file, so retrained weights under the
 *                same file name are still told apart
 */
public record ModelIdentity(String name, String version) {
    private static final int VERSION_HEX_DIGITS = 12;

    public static ModelIdentity of(Path modelFile) throws IOException {
        String fileName = modelFile.getFileName().toString();
        String name = fileName.endsWith(".onnx") ? fileName.substring(0, fileName.length() - ".onnx".length()) : fileName;
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(modelFile), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return new ModelIdentity(name, HexFormat.of().formatHex(sha256.digest()).substring(0, VERSION_HEX_DIGITS));
    }
}
