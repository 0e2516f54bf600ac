//! Arithmetic with tests that pass, one that is ignored, and one behind the feature "failing" that fails.

/// Adds two numbers, wrapping on overflow.
///
/// ```
/// assert_eq!(rust_tests::add(1, 2), 3);
/// ```
pub fn add(a: u32, b: u32) -> u32 {
    a.wrapping_add(b)
}

/// The pointer width of the machine the code was built for.
pub fn pointer_bits() -> usize {
    std::mem::size_of::<usize>() * 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds() {
        assert_eq!(add(2, 40), 42);
    }

    #[test]
    fn wraps() {
        assert_eq!(add(u32::MAX, 1), 0);
    }

    #[test]
    fn threads_and_maps_work() {
        let handles: Vec<_> = (0..4u32)
            .map(|i| std::thread::spawn(move || (i, add(i, i))))
            .collect();
        let map: std::collections::HashMap<u32, u32> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert_eq!(map[&3], 6);
    }

    #[test]
    #[ignore = "needs real hardware"]
    fn reads_the_gpio() {
        panic!("there is no GPIO here");
    }

    #[cfg(feature = "failing")]
    #[test]
    fn wrong_sum() {
        println!("computing 2 + 2 on {} bits", pointer_bits());
        assert_eq!(add(2, 2), 5, "two and two");
    }
}
