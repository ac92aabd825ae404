// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No package of kernel-model's main code depends, through any chain, on itself: the packages
 * form a DAG (architecture.md: "no package cycles"). A dependency is any reference to a class of
 * another {@code org.khoemu.kernel} package in a source file, imported or fully qualified.
 * On failure the message lists each cycle's packages and the edges between them.
 */
class PackageCycleTest {
    private static final Path MAIN = Path.of("src", "main", "java");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern REFERENCE = Pattern.compile("\\b(org\\.khoemu\\.kernel(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
    /** {@code import org.khoemu.kernel.luo.*;}: a whole package, no class named. */
    private static final Pattern WILDCARD = Pattern.compile("(?m)^import\\s+(org\\.khoemu\\.kernel(?:\\.[a-z][a-z0-9]*)*)\\.\\*;");

    @Test
    void kernelModelHasNoPackageCycle() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        // every directory of main code is a package the check sees, so none escapes it
        assertEquals(sourcePackages(), new TreeSet<>(deps.keySet()));
        List<Set<String>> cycles = stronglyConnected(deps).stream().filter(c -> c.size() > 1).toList();
        StringBuilder why = new StringBuilder();
        for (Set<String> c : cycles) {
            why.append("cycle:");
            for (String p : c) {
                why.append("\n  ").append(p).append(" -> ")
                        .append(deps.get(p).stream().filter(c::contains).toList());
            }
            why.append('\n');
        }
        assertEquals(List.of(), cycles, why.toString());
    }

    /**
     * architecture.md: memory management and KHO never import LUO, the uAPI or processes, not
     * even through another package (a device is registered, as misc_register does, instead).
     */
    @Test
    void memoryManagementAndKhoNeverReachLuoUapiOrProcesses() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        String k = "org.khoemu.kernel.";
        for (String low : List.of(k + "mm", k + "kho", k + "kho.v1")) {
            assertTrue(deps.containsKey(low), low);
            Set<String> reached = reachable(deps, low);
            List<String> wrong = reached.stream().filter(p -> p.startsWith(k + "luo") || p.equals(k + "uapi")
                    || p.equals(k + "proc") || p.equals(k + "liveupdate")).toList();
            assertEquals(List.of(), wrong, low + " reaches " + reached);
        }
    }

    private static Set<String> reachable(Map<String, Set<String>> deps, String from) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(deps.get(from));
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (seen.add(p)) {
                todo.addAll(deps.getOrDefault(p, Set.of()));
            }
        }
        return seen;
    }

    @Test
    void theCheckSeesACycle() {
        Map<String, Set<String>> deps = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"),
                "d", Set.of("a")));
        assertEquals(List.of(Set.of("a", "b", "c")), stronglyConnected(deps).stream().filter(c -> c.size() > 1).toList());
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                Matcher pm = PACKAGE.matcher(text);
                if (!pm.find()) {
                    continue;
                }
                String pkg = pm.group(1);
                Set<String> out = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                for (Pattern p : List.of(REFERENCE, WILDCARD)) {
                    Matcher m = p.matcher(text);
                    while (m.find()) {
                        if (!m.group(1).equals(pkg)) {
                            out.add(m.group(1));
                        }
                    }
                }
            }
        }
        deps.values().forEach(s -> s.forEach(p -> deps.putIfAbsent(p, new TreeSet<>())));
        return deps;
    }

    /** The packages of main code as its directories say: each directory holding a .java file. */
    private static Set<String> sourcePackages() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).map(p -> MAIN.relativize(p.getParent()).toString()
                    .replace(java.io.File.separatorChar, '.')).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void aWildcardImportIsAnEdge() {
        Matcher m = WILDCARD.matcher("package org.khoemu.kernel.kho;\nimport org.khoemu.kernel.luo.*;\n");
        assertTrue(m.find());
        assertEquals("org.khoemu.kernel.luo", m.group(1));
    }

    /** Tarjan's strongly connected components, iteratively (no recursion depth to worry about). */
    static List<Set<String>> stronglyConnected(Map<String, Set<String>> deps) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] next = {0};
        for (String root : deps.keySet()) {
            if (index.containsKey(root)) {
                continue;
            }
            Deque<Object[]> work = new ArrayDeque<>();
            work.push(new Object[] {root, new ArrayList<>(deps.get(root)).iterator()});
            index.put(root, next[0]);
            low.put(root, next[0]++);
            stack.push(root);
            onStack.add(root);
            while (!work.isEmpty()) {
                Object[] frame = work.peek();
                String v = (String) frame[0];
                @SuppressWarnings("unchecked")
                var it = (java.util.Iterator<String>) frame[1];
                if (it.hasNext()) {
                    String w = it.next();
                    if (!index.containsKey(w)) {
                        index.put(w, next[0]);
                        low.put(w, next[0]++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(new Object[] {w, new ArrayList<>(deps.get(w)).iterator()});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = (String) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    Set<String> c = new TreeSet<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        c.add(w);
                    } while (!w.equals(v));
                    out.add(c);
                }
            }
        }
        return out;
    }
}
