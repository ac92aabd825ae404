// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Part {@code k} of {@code m} of a campaign's selected faults: the contiguous range
 * {@code [(k-1)n/m, kn/m)} of the draw, so that any batch system can run the parts on as many
 * machines and {@link #merge} puts them back in the order one run would have written.
 */
public record Shard(int k, int m) {
    public static final Shard WHOLE = new Shard(1, 1);
    private static final Pattern SPEC = Pattern.compile("([0-9]{1,6})/([0-9]{1,6})");

    public static Shard parse(String spec) {
        Matcher x = SPEC.matcher(spec);
        if (!x.matches() || Integer.parseInt(x.group(2)) < 1 || Integer.parseInt(x.group(1)) < 1
                || Integer.parseInt(x.group(1)) > Integer.parseInt(x.group(2))) {
            throw new IllegalArgumentException("invalid value for --shard: '" + spec + "' (expected K/M with 1 <= K <= M, e.g. 2/4)");
        }
        return new Shard(Integer.parseInt(x.group(1)), Integer.parseInt(x.group(2)));
    }

    public <T> List<T> of(List<T> all) {
        int n = all.size();
        return all.subList((int) ((long) (k - 1) * n / m), (int) ((long) k * n / m));
    }

    @Override
    public String toString() {
        return k + "/" + m;
    }

    /**
     * The shards' results in shard order under one header; every shard of one campaign (same
     * campaign, ABI, seed, --faults, mode, M) must be there once. Throws IllegalArgumentException
     * with one line naming the directory at fault.
     */
    public static CampaignReport.Parsed merge(List<Path> dirs, List<CampaignReport.Parsed> parts) {
        CampaignReport.Header first = parts.get(0).header();
        CampaignReport.Parsed[] byK = null;
        for (int i = 0; i < parts.size(); i++) {
            CampaignReport.Header h = parts.get(i).header();
            if (h.shard() == null) {
                throw new IllegalArgumentException(dirs.get(i) + " holds a whole campaign, not a shard (no --shard K/M)");
            }
            String diff = first.mismatch(h);
            if (diff != null) {
                throw new IllegalArgumentException(dirs.get(i) + " is another campaign than " + dirs.get(0) + ": " + diff);
            }
            Shard s = parse(h.shard());
            if (byK == null) {
                byK = new CampaignReport.Parsed[s.m];
            }
            if (s.m != byK.length) {
                throw new IllegalArgumentException(dirs.get(i) + " is shard " + s + " but " + dirs.get(0) + " is shard "
                        + first.shard() + ": the campaign was split in different numbers of shards");
            }
            if (byK[s.k - 1] != null) {
                throw new IllegalArgumentException(dirs.get(i) + " is shard " + s + " again");
            }
            byK[s.k - 1] = parts.get(i);
        }
        List<Campaign.Result> all = new ArrayList<>();
        for (int k = 0; k < byK.length; k++) {
            if (byK[k] == null) {
                throw new IllegalArgumentException("shard " + (k + 1) + "/" + byK.length + " is missing");
            }
            all.addAll(byK[k].results());
        }
        return new CampaignReport.Parsed(new CampaignReport.Header(first.campaign(), first.profile(), first.seed(),
                first.faults(), first.mode(), null), all);
    }
}
