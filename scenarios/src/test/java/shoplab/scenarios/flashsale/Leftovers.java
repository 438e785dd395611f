package shoplab.scenarios.flashsale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a run may leave behind: store processes (redis-server, mariadbd), listening loopback ports, temporary folders.
 * A snapshot before a run and one after must show nothing new.
 */
record Leftovers(Set<Long> storePids, Set<Integer> listeningPorts, Set<String> tempDirs) {

    static Leftovers now() throws IOException {
        Set<Long> pids = ProcessHandle.allProcesses()
                // Debian's redis-server is a link to redis-check-rdb: the executable's path does not say redis-server
                .filter(p -> p.info().command().map(c -> c.contains("redis-server") || c.contains("redis-check-rdb")
                                || c.endsWith("/mariadbd")).orElse(false)
                        || p.info().commandLine().map(c -> c.startsWith("redis-server")).orElse(false))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
        Set<Integer> ports = new HashSet<>();
        for (String f : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(f);
            if (Files.exists(p)) {
                List<String> table = Files.readAllLines(p);
                for (String line : table.subList(1, table.size())) {
                    String[] cols = line.trim().split("\\s+");
                    if (cols.length > 3 && cols[3].equals("0A")) { // LISTEN
                        ports.add(Integer.parseInt(cols[1].substring(cols[1].indexOf(':') + 1), 16));
                    }
                }
            }
        }
        Set<String> dirs;
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            dirs = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("shoplab-") || n.startsWith("kafka-") || n.startsWith("redis-"))
                    // Sentinel's logs: one folder per process that protected anything, deleted at its exit
                    .filter(n -> !n.startsWith(shoplab.services.common.Guard.LOG_DIR_PREFIX))
                    .collect(Collectors.toSet());
        }
        return new Leftovers(pids, ports, dirs);
    }

    /** What is in {@code after} but was not here: should be empty. */
    Leftovers newIn(Leftovers after) {
        return new Leftovers(minus(after.storePids, storePids), minus(after.listeningPorts, listeningPorts),
                minus(after.tempDirs, tempDirs));
    }

    /** Names the owner of each left-over port, for the failure message. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("redis-server/mariadbd pids " + storePids + ", temp dirs " + tempDirs + ", ports " + listeningPorts);
        try {
            Process ss = new ProcessBuilder("ss", "-ltnp").redirectErrorStream(true).start();
            for (String line : new String(ss.getInputStream().readAllBytes()).split("\n")) {
                if (listeningPorts.stream().anyMatch(p -> line.contains(":" + p + " "))) {
                    sb.append("\n  ").append(line.trim());
                }
            }
        } catch (IOException e) {
            sb.append(" (ss: ").append(e.getMessage()).append(')');
        }
        if (!listeningPorts.isEmpty()) {
            sb.append("\n  threads: ").append(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> !n.startsWith("ForkJoinPool") && !n.startsWith("surefire")).sorted().distinct()
                    .collect(Collectors.joining(", ")));
        }
        return sb.toString();
    }

    boolean isEmpty() {
        return storePids.isEmpty() && listeningPorts.isEmpty() && tempDirs.isEmpty();
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> r = new HashSet<>(a);
        r.removeAll(b);
        return r;
    }
}
