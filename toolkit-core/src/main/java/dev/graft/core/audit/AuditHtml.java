package dev.graft.core.audit;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** The audit's page: summary, then thumbnails side by side (pairs, suspects, outliers), self-contained. */
final class AuditHtml {

    private static final int SHOWN = 40;
    private static final int THUMB = 112;

    private AuditHtml() {}

    static void write(AuditResult r, Path file) throws IOException {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Graft data audit</title>"
                + "<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}.pair{display:inline-block;margin:6px;padding:4px;"
                + "border:1px solid #ddd;font-size:12px}.pair.leak{border-color:#c33}figure{display:inline-block;margin:4px;"
                + "font-size:11px;text-align:center;max-width:" + (THUMB + 10) + "px;word-wrap:break-word}</style></head><body>");
        html.append("<h1>Data audit</h1><p>").append(r.images().size()).append(" images, classes ").append(escape(r.classNames().toString()))
                .append(String.format(Locale.ROOT, "; %.1f s.</p>", r.seconds()));
        html.append("<table><tr><th>finding</th><th>count</th></tr>");
        row(html, "exact duplicate pairs", r.exact().size());
        row(html, "near-duplicate pairs" + (r.nearRule() != null ? String.format(Locale.ROOT,
                " (cosine ≥ %.3f, or ≥ %.3f with dHash distance ≤ %d)", r.nearRule().strict(), r.nearRule().loose(), r.nearRule().hashDistance()) : ""),
                r.near().size());
        row(html, "pairs across splits (leakage)", r.leakingPairs());
        row(html, "pairs with different labels (conflicts)", r.conflictingPairs());
        row(html, "groups in more than one split (leakage)", r.groupLeaks().size());
        if (r.labels() != null) {
            row(html, "label suspects (confident learning)", r.labels().suspects().size());
        }
        row(html, "outliers", r.outliers().size());
        html.append("</table>");
        if (r.shift() != null) {
            html.append(String.format(Locale.ROOT, "<p>Split shift: a linear probe tells train from %s with cross-validated AUC %.3f "
                    + "(0.5 = same distribution).</p>", r.shift().against(), r.shift().auc()));
        }
        if (!r.groupLeaks().isEmpty()) {
            html.append("<h2>Groups in more than one split</h2><ul>");
            r.groupLeaks().stream().limit(SHOWN).forEach(g -> html.append("<li>").append(escape(g.group())).append(": ")
                    .append(escape(g.imagesBySplit().toString())).append("</li>"));
            html.append("</ul>");
        }
        List<DuplicatePair> pairs = AuditWriter.concat(r.exact(), r.near());
        if (!pairs.isEmpty()) {
            html.append("<h2>Duplicates</h2>");
            for (DuplicatePair p : pairs.stream().sorted((a, b) -> Boolean.compare(b.crossSplit() || b.conflict(), a.crossSplit() || a.conflict()))
                    .limit(SHOWN).toList()) {
                html.append("<div class=\"pair").append(p.crossSplit() ? " leak" : "").append("\">")
                        .append(String.format(Locale.ROOT, "%s, similarity %.3f, dHash distance %d%s%s<br>", p.kind(), p.similarity(),
                                p.hashDistance(), p.crossSplit() ? ", <b>crosses splits</b>" : "", p.conflict() ? ", <b>labels differ</b>" : ""));
                figure(html, r.images().get(p.a()), r.images().get(p.a()).split() + " · " + r.images().get(p.a()).className());
                figure(html, r.images().get(p.b()), r.images().get(p.b()).split() + " · " + r.images().get(p.b()).className());
                html.append("</div>");
            }
        }
        if (r.labels() != null && !r.labels().suspects().isEmpty()) {
            html.append("<h2>Label suspects</h2><p>Lowest self-confidence first: given → likely label.</p>");
            for (ConfidentLearning.Suspect s : r.labels().suspects().stream().limit(SHOWN).toList()) {
                figure(html, r.images().get(s.index()), String.format(Locale.ROOT, "%s → %s (%.2f)", r.classNames().get(s.given()),
                        r.classNames().get(s.likely()), s.selfConfidence()));
            }
        }
        if (!r.outliers().isEmpty()) {
            html.append("<h2>Outliers</h2>");
            for (Outlier o : r.outliers().stream().limit(SHOWN).toList()) {
                figure(html, r.images().get(o.index()), String.format(Locale.ROOT, "%s %.1f", o.reason(), o.score()));
            }
        }
        if (r.shift() != null && !r.shift().mostLikeOther().isEmpty()) {
            html.append("<h2>Training images most like ").append(r.shift().against()).append("</h2>");
            for (int i = 0; i < Math.min(SHOWN, r.shift().mostLikeOther().size()); i++) {
                figure(html, r.images().get(r.shift().mostLikeOther().get(i)), String.format(Locale.ROOT, "p=%.2f", r.shift().probability().get(i)));
            }
        }
        html.append("</body></html>");
        dev.graft.datasets.io.AtomicFiles.write(file, html.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void row(StringBuilder html, String what, long count) {
        html.append("<tr><td style=\"text-align:left\">").append(escape(what)).append("</td><td>").append(count).append("</td></tr>");
    }

    private static void figure(StringBuilder html, AuditImage image, String caption) {
        html.append("<figure>");
        String data = thumbnail(image);
        if (data != null) {
            html.append("<img src=\"data:image/jpeg;base64,").append(data).append("\"><br>");
        }
        html.append(escape(caption)).append("<br><span title=\"").append(escape(image.where())).append("\">")
                .append(escape(shortName(image.where()))).append("</span></figure>");
    }

    private static String thumbnail(AuditImage image) {
        try {
            BufferedImage source = image.image().source().load();
            double scale = Math.min(1.0, THUMB / (double) Math.max(source.getWidth(), source.getHeight()));
            int w = Math.max(1, (int) Math.round(source.getWidth() * scale));
            int h = Math.max(1, (int) Math.round(source.getHeight() * scale));
            BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = small.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, w, h, null);
            g.dispose();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(small, "jpg", bytes);
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String shortName(String where) {
        int slash = where.lastIndexOf('/');
        return slash >= 0 ? where.substring(slash + 1) : where;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
