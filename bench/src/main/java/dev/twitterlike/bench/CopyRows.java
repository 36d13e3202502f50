package dev.twitterlike.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * Rows streamed into a {@code COPY ... FROM STDIN} (text format) as they are generated: digits
 * and text go into a byte buffer sent a megabyte at a time, so PostgreSQL parses one chunk
 * while the next is being generated, and nothing of the size of the table is held in memory.
 * Text is written as given: callers pass only characters COPY takes literally (no tab,
 * newline or backslash).
 */
final class CopyRows implements AutoCloseable {

    private static final int FLUSH_AT = 1 << 20;

    private final PGCopyOutputStream out;
    private final byte[] buffer = new byte[FLUSH_AT + 4096];
    private final byte[] digits = new byte[20];
    private int length;

    CopyRows(PGConnection connection, String copySql) throws SQLException {
        this.out = new PGCopyOutputStream(connection, copySql, FLUSH_AT);
    }

    CopyRows number(long value) {
        if (value < 0) {
            buffer[length++] = '-';
            value = -value;
        }
        int n = 0;
        do {
            digits[n++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        while (n > 0) {
            buffer[length++] = digits[--n];
        }
        return this;
    }

    CopyRows text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
        return this;
    }

    CopyRows tab() {
        buffer[length++] = '\t';
        return this;
    }

    /** Ends the row; sends the buffer once it holds a megabyte. */
    CopyRows end() throws IOException {
        buffer[length++] = '\n';
        if (length >= FLUSH_AT) {
            out.write(buffer, 0, length);
            length = 0;
        }
        return this;
    }

    /** Sends what is left and ends the COPY: a row PostgreSQL refused surfaces here, as its SQLException. */
    @Override
    public void close() throws IOException, SQLException {
        try {
            out.write(buffer, 0, length);
            length = 0;
        } catch (IOException e) {
            if (e.getCause() instanceof SQLException refused) {
                throw refused;
            }
            throw e;
        }
        out.endCopy();
    }
}
