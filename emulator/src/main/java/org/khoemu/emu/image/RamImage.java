// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.image;

import com.sun.jna.LastErrorException;
import org.khoemu.emu.Machine;
import org.khoemu.emu.PhysicalMemory;
import org.khoemu.emu.nat.DataExtents;
import org.khoemu.emu.nat.LibC;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A machine's RAM as a raw sparse file (file offset = physical address, holes where RAM is zero,
 * so {@code xxd -s} and {@code dd skip=} work) plus the JSON sidecar {@code <image>.json}.
 * Only touched RAM is visited (data extents of the RAM memfd), so a 64 GiB machine with a few
 * MiB in use saves and loads in milliseconds.
 */
public final class RamImage {
    private static final int STAGING = 1 << 20;

    private RamImage() {
    }

    /** What a load gives back besides the machine. */
    /**
     * What a load gives back besides the machine; {@code unrecordedChange} says how the pages
     * differ from the sidecar when the load was told to accept that, else it is null.
     */
    public record Loaded(Machine machine, ImageSidecar sidecar, String unrecordedChange) {
        public Loaded(Machine machine, ImageSidecar sidecar) {
            this(machine, sidecar, null);
        }
    }

    public static Path sidecarOf(Path image) {
        return image.resolveSibling(image.getFileName() + ".json");
    }

    /**
     * Saves RAM, firmware map and registers of {@code m}. Both files are written to temporary
     * names and renamed into place, so a failed save leaves an existing image untouched.
     */
    public static ImageSidecar save(Machine m, Path image, String abiProfile, Map<String, String> extra) {
        return save(m, image, abiProfile, extra, java.util.List.of());
    }

    /** {@link #save(Machine, Path, String, Map)} recording the {@code poke} edits that made this RAM. */
    public static ImageSidecar save(Machine m, Path image, String abiProfile, Map<String, String> extra,
                                    java.util.List<ImageEdit> edits) {
        if (abiProfile == null || abiProfile.isBlank()) {
            throw new IllegalArgumentException("an ABI profile name is required");
        }
        PhysicalMemory mem = m.mem();
        Path tmpImage = temp(image);
        Path sidecar = sidecarOf(image);
        Path tmpSidecar = temp(sidecar);
        try {
            PageDigest digest = new PageDigest();
            try (RandomAccessFile f = new RandomAccessFile(tmpImage.toFile(), "rw"); FileChannel ch = f.getChannel()) {
                for (long[] ext : mem.dataExtents()) {
                    writeNonZeroRuns(mem, ch, ext[0] & ~4095L, ext[1], digest);
                }
                f.setLength(mem.size());
                ch.force(false);
            }
            ImageSidecar sc = new ImageSidecar(mem.size(), m.firmwareMap(), m.cpu().registers(), abiProfile,
                    extra, digest.pages(), digest.hex(), edits);
            Files.writeString(tmpSidecar, sc.toJson(), StandardCharsets.UTF_8);
            move(tmpImage, image);
            move(tmpSidecar, sidecar);
            return sc;
        } catch (IOException e) {
            throw new ImageException("cannot save RAM image " + image + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmpImage);
            deleteQuietly(tmpSidecar);
        }
    }

    /** Writes the non-zero pages of {@code [from, to)}, coalescing neighbours into one write. */
    private static void writeNonZeroRuns(PhysicalMemory mem, FileChannel ch, long from, long to, PageDigest digest)
            throws IOException {
        long run = -1;
        for (long pa = from; pa <= to; pa += 4096) {
            boolean data = pa < to && !mem.isZeroPage(pa);
            if (data) {
                digest.add(pa, mem.window(pa, 4096));
                if (run < 0) {
                    run = pa;
                }
            }
            if (run >= 0 && (!data || pa + 4096 - run >= STAGING || pa + 4096 > to)) {
                long end = data ? pa + 4096 : pa;
                ByteBuffer w = mem.window(run, (int) (end - run));
                while (w.hasRemaining()) {
                    ch.write(w, run + w.position());
                }
                run = -1;
            }
        }
    }

    /** Loads an image into a new machine, after validating the sidecar, file size and contents. */
    public static Loaded load(Path image) {
        return load(image, false);
    }

    /**
     * {@link #load(Path)}; with {@code acceptModified} pages that no longer match the sidecar's
     * digest are loaded as they are, and {@link Loaded#unrecordedChange} says so.
     */
    public static Loaded load(Path image, boolean acceptModified) {
        if (!Files.isRegularFile(image)) {
            throw new ImageException("RAM image " + image + " does not exist or is not a regular file");
        }
        Path sidecarPath = sidecarOf(image);
        String json;
        try {
            json = Files.readString(sidecarPath, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ImageException("RAM image sidecar " + sidecarPath + " does not exist");
        } catch (IOException e) {
            throw new ImageException("cannot read RAM image sidecar " + sidecarPath + ": " + e.getMessage(), e);
        }
        ImageSidecar sc = ImageSidecar.parse(json, sidecarPath.toString());
        long fileSize;
        try {
            fileSize = Files.size(image);
        } catch (IOException e) {
            throw new ImageException("cannot read RAM image " + image + ": " + e.getMessage(), e);
        }
        if (fileSize != sc.ramBytes()) {
            throw new ImageException(sizeMismatch(image, fileSize, sc.ramBytes()));
        }
        Machine m;
        try {
            m = Machine.create(sc.ramBytes(), sc.memoryMap());
        } catch (IllegalArgumentException e) {
            throw new ImageException("RAM image sidecar " + sidecarPath + ": " + e.getMessage(), e);
        }
        try {
            PageDigest digest = readPages(image, m.mem());
            String change = null;
            if (digest.pages() != sc.nonZeroPages() || !digest.hex().equals(sc.pagesSha256())) {
                change = String.format("%d non-zero pages with SHA-256 %s, sidecar says %d with %s",
                        digest.pages(), digest.hex(), sc.nonZeroPages(), sc.pagesSha256());
                if (!acceptModified) {
                    throw new ImageException(String.format("RAM image %s does not match its sidecar: %s; "
                            + "make deliberate changes with 'khoemu poke', or pass --accept-modified", image, change));
                }
            }
            m.cpu().setRegisters(sc.registers());
            return new Loaded(m, sc, change);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /**
     * An image file whose size is itself a machine's RAM size was saved whole, from another
     * machine: the sidecar beside it belongs to another image. Any other size is a cut or padded file.
     */
    static String sizeMismatch(Path image, long fileSize, long sidecarRam) {
        if (fileSize >= PhysicalMemory.MIN_SIZE && fileSize <= PhysicalMemory.MAX_SIZE && (fileSize & 4095) == 0) {
            return String.format("RAM image %s holds 0x%x bytes (%s of RAM), but its sidecar %s describes a machine "
                    + "of 0x%x bytes (%s): the sidecar belongs to another image", image, fileSize, human(fileSize),
                    sidecarOf(image).getFileName(), sidecarRam, human(sidecarRam));
        }
        return String.format("RAM image %s is 0x%x bytes but its sidecar says 0x%x (%s)",
                image, fileSize, sidecarRam, fileSize < sidecarRam ? "truncated" : "too long");
    }

    private static String human(long bytes) {
        return bytes % (1L << 30) == 0 ? (bytes >> 30) + " GiB" : bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB"
                : (bytes >> 10) + " KiB";
    }

    private static PageDigest readPages(Path image, PhysicalMemory mem) {
        PageDigest digest = new PageDigest();
        int fd;
        try {
            fd = LibC.open(image.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new ImageException("cannot open RAM image " + image + ": errno " + e.getErrorCode());
        }
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(STAGING);
            for (long[] ext : DataExtents.of(fd, mem.size())) {
                for (long pos = ext[0] & ~4095L; pos < ext[1]; pos += STAGING) {
                    int len = (int) Math.min(STAGING, ((ext[1] + 4095) & ~4095L) - pos);
                    buf.clear().limit(len);
                    while (buf.hasRemaining()) {
                        if (ch.read(buf, pos + buf.position()) < 0) {
                            throw new ImageException("RAM image " + image + " ended early at 0x"
                                    + Long.toHexString(pos + buf.position()));
                        }
                    }
                    copyNonZeroPages(buf, pos, len, mem, digest);
                }
            }
        } catch (IOException e) {
            throw new ImageException("cannot read RAM image " + image + ": " + e.getMessage(), e);
        } finally {
            LibC.close(fd);
        }
        return digest;
    }

    /** Only non-zero pages are stored: a zero page of a data extent must not commit host memory. */
    private static void copyNonZeroPages(ByteBuffer buf, long pos, int len, PhysicalMemory mem, PageDigest digest) {
        for (int off = 0; off < len; off += 4096) {
            boolean zero = true;
            for (int i = off; i < off + 4096 && zero; i += 8) {
                zero = buf.getLong(i) == 0;
            }
            if (!zero) {
                ByteBuffer page = buf.duplicate().position(off).limit(off + 4096);
                mem.window(pos + off, 4096).put(page.duplicate());
                digest.add(pos + off, page);
            }
        }
    }

    private static Path temp(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp" + ProcessHandle.current().pid());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a stale temporary file never replaces a good image
        }
    }

    /** Exposed for tests and tools: the page digest the sidecar records for {@code mem}. */
    public static String pagesSha256(PhysicalMemory mem) {
        return PageDigest.of(mem);
    }
}
