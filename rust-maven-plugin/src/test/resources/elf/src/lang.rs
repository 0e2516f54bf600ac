// The few lang items rustc needs to compile a #![no_core] crate: enough for these fixtures to
// build for any target without that target's standard library.
#[lang = "pointee_sized"]
pub trait PointeeSized {}
#[lang = "meta_sized"]
pub trait MetaSized: PointeeSized {}
#[lang = "sized"]
pub trait Sized: MetaSized {}
#[lang = "copy"]
pub trait Copy {}
#[lang = "drop_in_place"]
pub unsafe fn drop_in_place<T: ?Sized>(_p: *mut T) {}
