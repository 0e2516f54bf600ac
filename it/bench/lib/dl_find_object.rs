//! `_dl_find_object` for static musl executables on 64-bit targets.
//!
//! Debian's libgcc_eh.a (the bench's stand-in for libunwind.a) was built against glibc 2.35+ and
//! finds unwind tables through glibc's `_dl_find_object`, which musl lacks. This provides it on top
//! of musl's `dl_iterate_phdr`, with the glibc layout of `struct dl_find_object` for targets without
//! `dlfo_eh_dbase` (aarch64 among them). Built by setup.sh with the bench rustc as a plain object,
//! no_std and without any call that could panic, and added to the target's libunwind.a.
#![no_std]

use core::ffi::{c_int, c_void};
use core::ptr::null;
use core::sync::atomic::{AtomicUsize, Ordering};

const PT_LOAD: u32 = 1;
const PT_GNU_EH_FRAME: u32 = 0x6474_e550;
const SLOTS: usize = 8;

#[repr(C)]
struct Elf64Phdr {
    p_type: u32,
    p_flags: u32,
    p_offset: u64,
    p_vaddr: u64,
    p_paddr: u64,
    p_filesz: u64,
    p_memsz: u64,
    p_align: u64,
}

#[repr(C)]
struct DlPhdrInfo {
    dlpi_addr: usize,
    dlpi_name: *const u8,
    dlpi_phdr: *const Elf64Phdr,
    dlpi_phnum: u16,
}

/// The leading fields of glibc's `struct link_map`; libgcc reads only `l_addr`.
#[repr(C)]
pub struct LinkMap {
    l_addr: AtomicUsize,
    l_name: *const u8,
    l_ld: *const c_void,
    l_next: *const LinkMap,
    l_prev: *const LinkMap,
}

// Only l_addr ever changes, atomically; the pointers stay null.
unsafe impl Sync for LinkMap {}

#[repr(C)]
pub struct DlFindObject {
    dlfo_flags: u64,
    dlfo_map_start: *mut c_void,
    dlfo_map_end: *mut c_void,
    dlfo_link_map: *const LinkMap,
    dlfo_eh_frame: *mut c_void,
    dlfo_reserved: [u64; 7],
}

/// One link map per loaded object, by its position in the `dl_iterate_phdr` order.
static MAPS: [LinkMap; SLOTS] = [const {
    LinkMap { l_addr: AtomicUsize::new(0), l_name: null(), l_ld: null(), l_next: null(), l_prev: null() }
}; SLOTS];

struct Search {
    pc: usize,
    index: usize,
    out: *mut DlFindObject,
    found: bool,
}

extern "C" {
    fn dl_iterate_phdr(
        callback: unsafe extern "C" fn(*mut DlPhdrInfo, usize, *mut c_void) -> c_int,
        data: *mut c_void,
    ) -> c_int;
}

unsafe extern "C" fn visit(info: *mut DlPhdrInfo, _size: usize, data: *mut c_void) -> c_int {
    let search = &mut *(data as *mut Search);
    let info = &*info;
    let base = info.dlpi_addr;
    let (mut start, mut end, mut hit, mut eh_frame) = (usize::MAX, 0usize, false, 0usize);
    let mut i = 0;
    while i < info.dlpi_phnum as usize {
        let ph = &*info.dlpi_phdr.add(i);
        let lo = base.wrapping_add(ph.p_vaddr as usize);
        if ph.p_type == PT_LOAD {
            let hi = lo.wrapping_add(ph.p_memsz as usize);
            start = if lo < start { lo } else { start };
            end = if hi > end { hi } else { end };
            hit |= search.pc >= lo && search.pc < hi;
        } else if ph.p_type == PT_GNU_EH_FRAME {
            eh_frame = lo;
        }
        i += 1;
    }
    let slot = search.index;
    search.index += 1;
    if !hit {
        return 0;
    }
    let map = match MAPS.get(slot) {
        Some(map) => map,
        None => return 1,
    };
    map.l_addr.store(base, Ordering::Relaxed);
    let out = &mut *search.out;
    out.dlfo_flags = 0;
    out.dlfo_map_start = start as *mut c_void;
    out.dlfo_map_end = end as *mut c_void;
    out.dlfo_link_map = map;
    out.dlfo_eh_frame = eh_frame as *mut c_void;
    search.found = true;
    1
}

/// Fills `result` for the object containing `pc`; returns 0, or -1 when no object contains it.
#[no_mangle]
pub unsafe extern "C" fn _dl_find_object(pc: *mut c_void, result: *mut DlFindObject) -> c_int {
    let mut search = Search { pc: pc as usize, index: 0, out: result, found: false };
    dl_iterate_phdr(visit, &mut search as *mut Search as *mut c_void);
    if search.found {
        0
    } else {
        -1
    }
}
