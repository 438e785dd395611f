package shoplab.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Ports picked before boot come from below the kernel's ephemeral range, and never twice in a while. */
class PortsTest {

    @Test
    void portsAreBelowTheEphemeralRangeAndDistinct() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int ephemeral = Files.isReadable(range)
                ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]) : 32_768;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int port = Ports.freePort();
            if (ephemeral - 10_000 >= 1_000) { // else the kernel picks (no room below its range)
                assertThat(port).isBetween(10_000, ephemeral - 1);
            }
            assertThat(seen.add(port)).as("handed out twice: " + port).isTrue();
        }
    }
}
