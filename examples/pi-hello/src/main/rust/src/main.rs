//! A small program for the Pi: says where it runs and proves the standard library works there
//! (threads, collections, formatting).

use std::collections::BTreeMap;
use std::thread;

fn main() {
    let name = std::env::args().nth(1).unwrap_or_else(|| "Pi".to_string());
    println!(
        "Hello, {name}, from pi-hello on {}-{}!",
        std::env::consts::ARCH,
        std::env::consts::OS
    );

    // Count the primes below 10 000 on four threads and merge the results.
    let workers: Vec<_> = (0..4u32)
        .map(|part| thread::spawn(move || (part * 2500..(part + 1) * 2500).filter(|&n| is_prime(n)).count()))
        .collect();
    let primes: usize = workers.into_iter().map(|w| w.join().expect("worker panicked")).sum();
    println!("primes below 10000: {primes}");

    let mut letters = BTreeMap::new();
    for c in "raspberry pi".chars().filter(|c| c.is_alphabetic()) {
        *letters.entry(c).or_insert(0) += 1;
    }
    println!("letters: {letters:?}");
}

fn is_prime(n: u32) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| n % d != 0)
}
