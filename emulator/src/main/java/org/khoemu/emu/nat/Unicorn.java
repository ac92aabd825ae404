// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.nat;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * Unicorn 2 ({@code libunicorn.so.2}, Debian {@code libunicorn2}) through JNA direct mapping.
 * Constants are from the 2.0.1 headers (native-deps.md section B).
 */
public final class Unicorn {
    public static final int UC_ARCH_X86 = 4;
    public static final int UC_MODE_64 = 8;
    public static final int UC_PROT_ALL = 7;
    public static final int UC_HOOK_INTR = 1;
    public static final int UC_HOOK_BLOCK = 1 << 3;
    /** READ | WRITE | FETCH unmapped. */
    public static final int UC_HOOK_MEM_UNMAPPED = 112;
    /** {@code UC_CTL_WRITE(UC_CTL_TB_REMOVE_CACHE, 2)}: drop translations of {@code [begin, end)}. */
    public static final int UC_CTL_TB_REMOVE_CACHE_WRITE = 0x48000009;
    public static final int UC_ERR_OK = 0;

    /** Why a load failed, or null when the library is present. */
    public static final String LOAD_ERROR;

    static {
        String err = null;
        try {
            Native.register(Unicorn.class, NativeLibrary.getInstance("libunicorn.so.2"));
        } catch (UnsatisfiedLinkError e) {
            err = "Unicorn 2 (libunicorn.so.2) cannot be loaded; install the Debian package libunicorn2 ("
                    + e.getMessage() + ")";
        }
        LOAD_ERROR = err;
    }

    private Unicorn() {
    }

    /** {@code void (*)(uc_engine *uc, uint32_t intno, void *user)}. */
    public interface IntrHook extends Callback {
        void invoke(Pointer uc, int intno, Pointer user);
    }

    /** {@code void (*)(uc_engine *uc, uint64_t address, uint32_t size, void *user)}. */
    public interface BlockHook extends Callback {
        void invoke(Pointer uc, long address, int size, Pointer user);
    }

    /** {@code bool (*)(uc_engine *uc, uc_mem_type type, uint64_t address, int size, int64_t value, void *user)}. */
    public interface MemEventHook extends Callback {
        boolean invoke(Pointer uc, int type, long address, int size, long value, Pointer user);
    }

    public static native int uc_open(int arch, int mode, PointerByReference uc);

    public static native int uc_close(Pointer uc);

    public static native int uc_mem_map_ptr(Pointer uc, long address, long size, int perms, long host);

    public static native int uc_reg_read(Pointer uc, int regid, Pointer value);

    public static native int uc_reg_write(Pointer uc, int regid, Pointer value);

    public static native int uc_emu_start(Pointer uc, long begin, long until, long timeoutMicros, long count);

    public static native int uc_emu_stop(Pointer uc);

    public static native String uc_strerror(int code);

    public static native int uc_hook_add(Pointer uc, LongByReference hh, int type, Callback cb, Pointer user, long begin, long end);

    public static native int uc_hook_del(Pointer uc, long hh);

    /** The two-argument controls (TB_REMOVE_CACHE); uc_ctl is variadic in C, integer arguments only. */
    public static native int uc_ctl(Pointer uc, int control, long a, long b);
}
