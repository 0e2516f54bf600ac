//! The native half of `dev.rustmaven.examples.hello.Hello`.

mod jni;

use jni::{JByteArray, JNIEnv, JObject, JString};

/// `static native int add(int a, int b)`
#[no_mangle]
pub extern "system" fn Java_dev_rustmaven_examples_hello_Hello_add(
    _env: *mut JNIEnv,
    _class: JObject,
    a: i32,
    b: i32,
) -> i32 {
    a.wrapping_add(b)
}

/// `static native long checksum(byte[] data)`: the 64-bit FNV-1a hash of the bytes.
#[no_mangle]
pub extern "system" fn Java_dev_rustmaven_examples_hello_Hello_checksum(
    env: *mut JNIEnv,
    _class: JObject,
    data: JByteArray,
) -> i64 {
    let env = unsafe { &mut *env };
    fnv1a(&env.bytes(data)) as i64
}

/// `static native String greet(String name)`
#[no_mangle]
pub extern "system" fn Java_dev_rustmaven_examples_hello_Hello_greet(
    env: *mut JNIEnv,
    _class: JObject,
    name: JString,
) -> JString {
    let env = unsafe { &mut *env };
    let who = env.string(name);
    let text = format!(
        "Hello, {who}, from Rust on {}-{}!",
        std::env::consts::ARCH,
        std::env::consts::OS
    );
    env.new_string(&text)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn fnv1a_of_known_input() {
        assert_eq!(super::fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
