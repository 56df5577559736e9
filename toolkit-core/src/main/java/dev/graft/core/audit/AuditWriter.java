package dev.graft.core.audit;

import dev.graft.core.run.RunFiles;
import dev.graft.datasets.io.AtomicFiles;
import dev.graft.datasets.io.CsvTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes an audit's findings: {@code audit.json}, one CSV per finding, and {@code audit.html}. */
final class AuditWriter {

    private AuditWriter() {}

    static void write(AuditResult r) throws IOException {
        Path out = r.out();
        StringBuilder all = new StringBuilder("index,path,split,label,group,pixel_sha256,dhash,width,height,grey_std\n");
        for (AuditImage a : r.images()) {
            ImageFacts x = a.facts();
            all.append(a.index()).append(',').append(q(a.where())).append(',').append(a.split()).append(',').append(q(a.className())).append(',')
                    .append(q(a.image().group() == null ? "" : a.image().group())).append(',')
                    .append(x == null ? ",,,," : String.join(",", x.hash(), String.format("%016x", x.dHash()), String.valueOf(x.width()),
                            String.valueOf(x.height()), f(x.greyStd()))).append('\n');
        }
        csv(out.resolve("images.csv"), all);
        StringBuilder dup = new StringBuilder("kind,a,b,split_a,split_b,label_a,label_b,similarity,dhash_distance,cross_split,conflict\n");
        for (DuplicatePair p : concat(r.exact(), r.near())) {
            AuditImage a = r.images().get(p.a());
            AuditImage b = r.images().get(p.b());
            dup.append(String.join(",", p.kind(), q(a.where()), q(b.where()), a.split(), b.split(), q(a.className()), q(b.className()),
                    f(p.similarity()), String.valueOf(p.hashDistance()), String.valueOf(p.crossSplit()), String.valueOf(p.conflict()))).append('\n');
        }
        csv(out.resolve("duplicates.csv"), dup);
        StringBuilder groups = new StringBuilder("group,splits,images_by_split\n");
        for (GroupLeak g : r.groupLeaks()) {
            groups.append(q(g.group())).append(',').append(q(String.join(" ", g.imagesBySplit().keySet()))).append(',')
                    .append(q(g.imagesBySplit().toString())).append('\n');
        }
        csv(out.resolve("group_leaks.csv"), groups);
        StringBuilder outliers = new StringBuilder("path,split,label,reason,score\n");
        for (Outlier o : r.outliers()) {
            AuditImage a = r.images().get(o.index());
            outliers.append(String.join(",", q(a.where()), a.split(), q(a.className()), o.reason(), f(o.score()))).append('\n');
        }
        csv(out.resolve("outliers.csv"), outliers);
        if (r.labels() != null) {
            StringBuilder suspects = new StringBuilder("rank,path,split,given,likely,self_confidence,likely_probability\n");
            int rank = 1;
            for (ConfidentLearning.Suspect s : r.labels().suspects()) {
                AuditImage a = r.images().get(s.index());
                suspects.append(String.join(",", String.valueOf(rank++), q(a.where()), a.split(), q(r.classNames().get(s.given())),
                        q(r.classNames().get(s.likely())), f(s.selfConfidence()), f(s.likelyProbability()))).append('\n');
            }
            csv(out.resolve("label_issues.csv"), suspects);
            StringBuilder noise = new StringBuilder("given,true,joint_probability,confident_count\n");
            for (int i = 0; i < r.classNames().size(); i++) {
                for (int j = 0; j < r.classNames().size(); j++) {
                    noise.append(String.join(",", q(r.classNames().get(i)), q(r.classNames().get(j)), f(r.labels().noise()[i][j]),
                            String.valueOf(r.labels().confidentJoint()[i][j]))).append('\n');
                }
            }
            csv(out.resolve("noise_rates.csv"), noise);
        }
        if (r.shift() != null) {
            StringBuilder shift = new StringBuilder("rank,path,probability_" + r.shift().against() + "\n");
            for (int i = 0; i < r.shift().mostLikeOther().size(); i++) {
                shift.append(i + 1).append(',').append(q(r.images().get(r.shift().mostLikeOther().get(i)).where())).append(',')
                        .append(f(r.shift().probability().get(i))).append('\n');
            }
            csv(out.resolve("split_shift.csv"), shift);
        }
        RunFiles.writeJson(out.resolve("audit.json"), json(r));
        AuditHtml.write(r, out.resolve("audit.html"));
    }

    private static Map<String, Object> json(AuditResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", r.images().size());
        Map<String, Long> bySplit = new LinkedHashMap<>();
        r.images().forEach(i -> bySplit.merge(i.split(), 1L, Long::sum));
        m.put("splits", bySplit);
        m.put("classes", r.classNames());
        m.put("embedded", r.embedded());
        Map<String, Object> dup = new LinkedHashMap<>();
        dup.put("exact_pairs", r.exact().size());
        dup.put("near_pairs", r.near().size());
        if (r.nearRule() != null) {
            dup.put("near_rule", RunFiles.ordered("cosine_alone", r.nearRule().strict(), "cosine_with_hash", r.nearRule().loose(),
                    "max_dhash_distance", r.nearRule().hashDistance(), "source", r.nearRule().calibrated()
                            ? "calibrated on the data's nearest-neighbour similarities and hash distances" : "given"));
        }
        dup.put("cross_split_pairs", r.leakingPairs());
        dup.put("conflicting_pairs", r.conflictingPairs());
        m.put("duplicates", dup);
        List<Map<String, Object>> groups = new ArrayList<>();
        r.groupLeaks().forEach(g -> groups.add(RunFiles.ordered("group", g.group(), "images_by_split", g.imagesBySplit())));
        m.put("group_leaks", groups);
        if (r.labels() != null) {
            Map<String, Object> labels = new LinkedHashMap<>();
            labels.put("method", "confident learning (Northcutt et al. 2021) on out-of-fold linear-probe probabilities");
            labels.put("thresholds", r.labels().thresholds());
            labels.put("confident_joint", r.labels().confidentJoint());
            labels.put("noise_joint", r.labels().noise());
            labels.put("suspects", r.labels().suspects().size());
            m.put("label_issues", labels);
        }
        Map<String, Long> outliers = new LinkedHashMap<>();
        r.outliers().forEach(o -> outliers.merge(o.reason(), 1L, Long::sum));
        m.put("outliers", outliers);
        if (r.shift() != null) {
            m.put("split_shift", RunFiles.ordered("against", r.shift().against(), "auc", r.shift().auc()));
        }
        m.put("seconds", r.seconds());
        m.put("decode_and_embed_seconds", r.embeddingSeconds());
        return m;
    }

    static List<DuplicatePair> concat(List<DuplicatePair> a, List<DuplicatePair> b) {
        List<DuplicatePair> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void csv(Path file, StringBuilder text) throws IOException {
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String q(String cell) {
        return CsvTable.quote(cell);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
