package dev.orchard.ops.wiring;

import dev.orchard.http.spi.TokenCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class HmacMachineTokensTest {

    @TempDir
    Path data;

    @Test
    void aTokenIsValidForItsMacOnlyAndSurvivesARestart() throws Exception {
        HmacMachineTokens tokens = new HmacMachineTokens(ServerSecret.loadOrCreate(data));
        String token = tokens.mint("00-1B-63-84-45-E6");
        assertThat(tokens.verify("00:1b:63:84:45:e6", token)).isEqualTo(TokenCheck.VALID);
        assertThat(tokens.verify("00:1b:63:84:45:e7", token)).isEqualTo(TokenCheck.OTHER_MACHINE);
        // the secret is kept: a restarted server accepts the same token
        HmacMachineTokens restarted = new HmacMachineTokens(ServerSecret.loadOrCreate(data));
        assertThat(restarted.verify("00:1b:63:84:45:e6", token)).isEqualTo(TokenCheck.VALID);
        assertThat(Files.getPosixFilePermissions(data.resolve(ServerSecret.FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        // another server's secret: invalid
        Files.delete(data.resolve(ServerSecret.FILE));
        assertThat(new HmacMachineTokens(ServerSecret.loadOrCreate(data)).verify("00:1b:63:84:45:e6", token))
                .isEqualTo(TokenCheck.INVALID);
    }

    @Test
    void forgeriesAndGarbageAreInvalid() throws Exception {
        HmacMachineTokens tokens = new HmacMachineTokens(ServerSecret.loadOrCreate(data));
        String token = tokens.mint("00:1b:63:84:45:e6");
        byte[] raw = Base64.getUrlDecoder().decode(token);
        raw[0] ^= 1; // claim another MAC with the first MAC's tag
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThat(tokens.verify("00:1b:63:84:45:e6", forged)).isEqualTo(TokenCheck.INVALID);
        assertThat(tokens.verify("01:1b:63:84:45:e6", forged)).isEqualTo(TokenCheck.INVALID);
        for (String garbage : new String[] {"", "x", "!!!!", token + "A", token.substring(1), "Bearer " + token}) {
            assertThat(tokens.verify("00:1b:63:84:45:e6", garbage)).as(garbage).isEqualTo(TokenCheck.INVALID);
        }
    }
}
