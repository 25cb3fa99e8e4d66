//! The libc resolver: host names (`gethostbyname2`, with ipset's "resolves to
//! multiple addresses" warning), `inet_pton`, `/etc/protocols` and
//! `/etc/services`. libc's lookups are not thread-safe: every call is
//! serialized under one lock, and answers are cached. All of the text layer's
//! `unsafe` lives here.

use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::{Mutex, OnceLock, RwLock};

static LIBC_LOCK: Mutex<()> = Mutex::new(());

mod sys {
    unsafe extern "C" {
        pub fn gethostbyname2(name: *const libc::c_char, af: libc::c_int) -> *mut libc::hostent;
        pub fn inet_pton(
            af: libc::c_int,
            src: *const libc::c_char,
            dst: *mut libc::c_void,
        ) -> libc::c_int;
    }
}

fn libc_lock() -> std::sync::MutexGuard<'static, ()> {
    LIBC_LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

pub(super) fn inet_pton6(s: &str) -> Option<Ipv6Addr> {
    let c = CString::new(s).ok()?;
    let mut buf = [0u8; 16];
    // SAFETY: `c` is a valid NUL-terminated string and `buf` has room for an in6_addr.
    let r = unsafe { sys::inet_pton(libc::AF_INET6, c.as_ptr(), buf.as_mut_ptr().cast()) };
    (r == 1).then(|| Ipv6Addr::from(buf))
}

pub(super) fn gethostbyname2(name: &str, v6: bool) -> Option<(IpAddr, bool)> {
    // Fuzzing asks about millions of made-up names: no resolver for them.
    if cfg!(fuzzing) {
        return None;
    }
    let c = CString::new(name).ok()?;
    let af = if v6 { libc::AF_INET6 } else { libc::AF_INET };
    let want = if v6 { 16 } else { 4 };
    let _g = libc_lock();
    // SAFETY: gethostbyname2 returns NULL or a pointer to static storage that stays valid
    // until the next resolver call, which LIBC_LOCK excludes while we copy the data out.
    unsafe {
        let h = sys::gethostbyname2(c.as_ptr(), af);
        if h.is_null() {
            return None;
        }
        let h = &*h;
        if h.h_addrtype != af || h.h_length != want || h.h_addr_list.is_null() {
            return None;
        }
        let first = *h.h_addr_list;
        if first.is_null() {
            return None;
        }
        let multiple = !(*h.h_addr_list.add(1)).is_null();
        let ip = if v6 {
            let mut a = [0u8; 16];
            std::ptr::copy_nonoverlapping(first.cast::<u8>(), a.as_mut_ptr(), 16);
            IpAddr::V6(Ipv6Addr::from(a))
        } else {
            let mut a = [0u8; 4];
            std::ptr::copy_nonoverlapping(first.cast::<u8>(), a.as_mut_ptr(), 4);
            IpAddr::V4(Ipv4Addr::from(a))
        };
        Some((ip, multiple))
    }
}

#[derive(Default)]
struct NetDbCache {
    proto_by_name: HashMap<String, Option<i32>>,
    serv: HashMap<(String, String), Option<u16>>,
}

/// How many entries a netdb cache takes before it keeps only names that
/// exist: the names that exist are few (/etc/protocols, /etc/services), the
/// ones a feed can make up are not, and memory must not grow with the input.
const NETDB_MISSES: usize = 4096;

fn netdb_cache() -> &'static RwLock<NetDbCache> {
    static CACHE: OnceLock<RwLock<NetDbCache>> = OnceLock::new();
    CACHE.get_or_init(|| RwLock::new(NetDbCache::default()))
}

/// getprotobyname: the protocol number (as libc reports it, may exceed 255).
pub(super) fn getprotobyname(name: &str) -> Option<i32> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(String, Option<i32>)>> = const { std::cell::RefCell::new(None) };
    }
    if let Some(v) = LAST.with(|l| {
        l.borrow()
            .as_ref()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| *v)
    }) {
        return v;
    }
    let v = getprotobyname_cached(name);
    LAST.with(|l| *l.borrow_mut() = Some((name.to_string(), v)));
    v
}

fn getprotobyname_cached(name: &str) -> Option<i32> {
    if let Some(v) = netdb_cache()
        .read()
        .ok()
        .and_then(|c| c.proto_by_name.get(name).copied())
    {
        return v;
    }
    let v = CString::new(name).ok().and_then(|c| {
        let _g = libc_lock();
        // SAFETY: valid C string; the result points to static storage read under the lock.
        unsafe {
            let p = libc::getprotobyname(c.as_ptr());
            (!p.is_null()).then(|| (*p).p_proto)
        }
    });
    if let Ok(mut c) = netdb_cache().write()
        && (v.is_some() || c.proto_by_name.len() < NETDB_MISSES)
    {
        c.proto_by_name.insert(name.to_string(), v);
    }
    v
}

/// getprotobynumber: a protocol's official name (`tcp`, `ipv6-icmp`), cached per number.
pub fn protocol_name(proto: u8) -> Option<&'static str> {
    static NAMES: [OnceLock<Option<Box<str>>>; 256] = [const { OnceLock::new() }; 256];
    NAMES[proto as usize]
        .get_or_init(|| {
            let _g = libc_lock();
            // SAFETY: the result points to static storage read under the lock.
            unsafe {
                let p = libc::getprotobynumber(proto as libc::c_int);
                if p.is_null() || (*p).p_name.is_null() {
                    return None;
                }
                Some(
                    CStr::from_ptr((*p).p_name)
                        .to_string_lossy()
                        .into_owned()
                        .into_boxed_str(),
                )
            }
        })
        .as_deref()
}

/// getservbyname: the port in host order.
pub(super) fn getservbyname(name: &str, proto: &str) -> Option<u16> {
    let key = (name.to_string(), proto.to_string());
    if let Some(v) = netdb_cache()
        .read()
        .ok()
        .and_then(|c| c.serv.get(&key).copied())
    {
        return v;
    }
    let v = match (CString::new(name), CString::new(proto)) {
        (Ok(n), Ok(p)) => {
            let _g = libc_lock();
            // SAFETY: valid C strings; the result points to static storage read under the lock.
            unsafe {
                let s = libc::getservbyname(n.as_ptr(), p.as_ptr());
                (!s.is_null()).then(|| u16::from_be((*s).s_port as u16))
            }
        }
        _ => None,
    };
    if let Ok(mut c) = netdb_cache().write()
        && (v.is_some() || c.serv.len() < NETDB_MISSES)
    {
        c.serv.insert(key, v);
    }
    v
}

/// getnameinfo with `NI_NAMEREQD`: the host name of an address, if it has one.
pub(super) fn host_name(ip: std::net::IpAddr) -> Option<String> {
    use std::mem::size_of;
    let mut host = [0 as libc::c_char; 1025];
    // SAFETY: the sockaddr is fully initialised for its family and its size
    // is passed; getnameinfo writes a NUL-terminated name into `host`.
    let r = unsafe {
        match ip {
            std::net::IpAddr::V4(a) => {
                let mut sa: libc::sockaddr_in = std::mem::zeroed();
                sa.sin_family = libc::AF_INET as libc::sa_family_t;
                sa.sin_addr.s_addr = u32::from_ne_bytes(a.octets());
                libc::getnameinfo(
                    &sa as *const _ as *const libc::sockaddr,
                    size_of::<libc::sockaddr_in>() as libc::socklen_t,
                    host.as_mut_ptr(),
                    host.len() as libc::socklen_t,
                    std::ptr::null_mut(),
                    0,
                    libc::NI_NAMEREQD,
                )
            }
            std::net::IpAddr::V6(a) => {
                let mut sa: libc::sockaddr_in6 = std::mem::zeroed();
                sa.sin6_family = libc::AF_INET6 as libc::sa_family_t;
                sa.sin6_addr.s6_addr = a.octets();
                libc::getnameinfo(
                    &sa as *const _ as *const libc::sockaddr,
                    size_of::<libc::sockaddr_in6>() as libc::socklen_t,
                    host.as_mut_ptr(),
                    host.len() as libc::socklen_t,
                    std::ptr::null_mut(),
                    0,
                    libc::NI_NAMEREQD,
                )
            }
        }
    };
    if r != 0 {
        return None;
    }
    // SAFETY: getnameinfo succeeded, so `host` holds a NUL-terminated string.
    let name = unsafe { std::ffi::CStr::from_ptr(host.as_ptr()) };
    Some(name.to_string_lossy().into_owned())
}
