package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.audit.Audit;
import dev.graft.core.audit.AuditImage;
import dev.graft.core.audit.AuditResult;
import dev.graft.core.audit.DuplicatePair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Done-when 1 of issue 17: on ants/bees with 10 exact copies and 10 near-duplicates of training
 * images planted in val and 5 % of training labels flipped, the audit (real ImageNet MobileNetV2
 * embeddings on ONNX Runtime) finds every exact copy, at least 8 near-duplicates with at most 2
 * false pairs, and at least 80 % of the flipped labels among the top 2k label suspects.
 */
class AuditPlantedTest {

    @Test
    void plantedCopiesAndFlippedLabels_areFound(@TempDir Path temp) throws Exception {
        Path dir = System.getProperty("graft.audit.keep") != null ? Path.of(System.getProperty("graft.audit.keep")) : temp;
        Path source = SharedAssets.require("datasets/hymenoptera");
        Path weights = SharedAssets.require("weights/mobilenet_v2/weights.safetensors");
        PlantedHymenoptera planted = new PlantedHymenoptera(source, dir.resolve("data"), 10, 10, 0.05, 17);
        AuditResult r = Audit.builder().setData(planted.root).optArchitecture("mobilenet_v2").optWeights(weights.toString())
                .optEngine("onnxruntime").optImageSize(160).optOut(dir.resolve("audit")).optWriteClean(planted.root.resolve("clean.csv"))
                .build().run();

        Set<String> exactFound = pairs(r, r.exact());
        for (Path[] pair : planted.exact) {
            assertTrue(exactFound.contains(key(pair[0], pair[1])), "exact copy not found: " + pair[1]);
        }
        Set<String> nearPlanted = new HashSet<>();
        planted.near.forEach(p -> nearPlanted.add(key(p[0], p[1])));
        Set<String> nearFound = pairs(r, r.near());
        long hits = nearFound.stream().filter(nearPlanted::contains).count();
        long falsePairs = nearFound.size() - hits;
        System.out.printf(Locale.ROOT, "audit: %d images, exact pairs %d, near rule %s, near pairs %d (planted found %d/10, false %d),"
                + " %.1f s (decode+embed %.1f s)%n", r.images().size(), r.exact().size(), r.nearRule(), r.near().size(), hits, falsePairs,
                r.seconds(), r.embeddingSeconds());
        r.near().forEach(p -> System.out.printf(Locale.ROOT, "  near %.4f dhash %d %s | %s%n", p.similarity(), p.hashDistance(),
                r.images().get(p.a()).where(), r.images().get(p.b()).where()));
        assertTrue(hits >= 8, "near-duplicates found " + hits + " of 10");
        assertTrue(falsePairs <= 2, "false near pairs " + falsePairs);
        assertTrue(r.leakingPairs() >= 18, "cross-split pairs " + r.leakingPairs());

        int k = planted.flipped.size();
        assertEquals(12, k);
        List<Integer> ranking = java.util.Arrays.stream(r.labels().ranking()).boxed().toList();
        System.out.println("label suspects (confident learning): " + r.labels().suspects().size() + " flagged; self-confidence ranking:");
        for (int top : new int[] {k / 2, k, 2 * k, 3 * k, 4 * k}) {
            long found = ranking.subList(0, top).stream().filter(i -> planted.flipped.contains(path(r.images().get(i)))).count();
            System.out.printf(Locale.ROOT, "  top %3d: precision %.3f recall %.3f%n", top, found / (double) top, found / (double) k);
        }
        long flaggedTrue = r.labels().suspects().stream().filter(s -> planted.flipped.contains(path(r.images().get(s.index())))).count();
        System.out.printf(Locale.ROOT, "  flagged set: precision %.3f recall %.3f%n", flaggedTrue / (double) r.labels().suspects().size(),
                flaggedTrue / (double) k);
        long inTop = ranking.subList(0, 2 * k).stream().filter(i -> planted.flipped.contains(path(r.images().get(i)))).count();
        assertTrue(inTop >= Math.ceil(0.8 * k), "flipped labels in the top " + 2 * k + ": " + inTop + " of " + k);

        for (String file : new String[] {"audit.json", "audit.html", "duplicates.csv", "label_issues.csv", "outliers.csv", "noise_rates.csv"}) {
            assertTrue(Files.size(dir.resolve("audit").resolve(file)) > 0, file);
        }
        long cleanRows = Files.readAllLines(planted.root.resolve("clean.csv")).size() - 1;
        assertTrue(cleanRows < r.images().size() - 20 && cleanRows > r.images().size() / 2, "clean manifest rows " + cleanRows);
    }

    private static Set<String> pairs(AuditResult r, List<DuplicatePair> pairs) {
        Set<String> keys = new HashSet<>();
        pairs.forEach(p -> keys.add(key(path(r.images().get(p.a())), path(r.images().get(p.b())))));
        return keys;
    }

    private static Path path(AuditImage image) {
        return Path.of(image.where()).toAbsolutePath().normalize();
    }

    private static String key(Path a, Path b) {
        String x = a.toAbsolutePath().normalize().toString();
        String y = b.toAbsolutePath().normalize().toString();
        return x.compareTo(y) < 0 ? x + "|" + y : y + "|" + x;
    }
}
