// The linker front end of rust-maven-plugin, compiled once per compiler into the plugin's cache and run by
// cargo once per link. It does what dev.rustmaven.link.LinkerMain does (that class is the reference: the
// plugin's tests run both on the same inputs and compare their output), without starting a JVM:
//
//   rust-maven-linker --config <file> [--dry-run] [--response-file-threshold <chars>] <gcc-style arguments>
//
// The configuration is the plugin's plain form of LinkerConfig: one `key=value` per line, lists as repeated
// keys in order, `\\`, `\n` and `\r` escaped in values, `#` lines ignored. Only std is used; arguments are
// handled as bytes, so any path the operating system accepts goes through unchanged.

use std::ffi::OsStr;
use std::ffi::OsString;
use std::fs;
use std::io::{self, Read, Write};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

type Bytes = Vec<u8>;

const PREFIX: &str = "rust-maven-plugin linker: ";
const RESPONSE_FILE_THRESHOLD: i64 = 30_000;
const MAX_DEPTH: usize = 32;
const LIBC_NONSHARED: &str = "libc_nonshared.a";

struct Config {
    lld: Bytes,
    triple: Bytes,
    emulation: Bytes,
    dynamic_linker: Bytes,
    glibc_floor: Bytes,
    search_dirs: Vec<Bytes>,
    start_files_dir: Bytes,
    extra_objects: Vec<Bytes>,
    extra_args: Vec<Bytes>,
    no_undefined_in_shared_objects: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    SharedObject,
    PieExecutable,
    Executable,
    StaticExecutable,
    StaticPieExecutable,
}

struct Link {
    kind: Kind,
    mode: Vec<Bytes>,
    args: Vec<Bytes>,
    start_files: bool,
    verbose: bool,
    output: Option<Bytes>,
}

fn main() {
    let args: Vec<Bytes> = std::env::args_os().skip(1).map(OsString::into_vec).collect();
    let mut err = io::stderr().lock();
    let code = run(&args, &mut err);
    let _ = err.flush();
    std::process::exit(code);
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn path(b: &[u8]) -> &Path {
    Path::new(OsStr::from_bytes(b))
}

fn say(err: &mut dyn Write, message: &[u8]) {
    let mut line = Vec::with_capacity(PREFIX.len() + message.len() + 1);
    line.extend_from_slice(PREFIX.as_bytes());
    line.extend_from_slice(message);
    line.push(b'\n');
    let _ = err.write_all(&line);
}

fn join(command: &[Bytes]) -> Bytes {
    command.join(&b' ')
}

fn run(args: &[Bytes], err: &mut dyn Write) -> i32 {
    let mut config_file: Option<&[u8]> = None;
    let mut dry_run = false;
    let mut threshold = RESPONSE_FILE_THRESHOLD;
    let mut first = 0;
    while first < args.len() {
        let option = args[first].as_slice();
        if option == b"--config" && first + 1 < args.len() {
            config_file = Some(&args[first + 1]);
            first += 2;
        } else if option == b"--dry-run" {
            dry_run = true;
            first += 1;
        } else if option == b"--response-file-threshold" && first + 1 < args.len() {
            match std::str::from_utf8(&args[first + 1]).ok().and_then(|s| s.parse::<i32>().ok()) {
                Some(n) => threshold = i64::from(n),
                None => {
                    let mut m = b"error: --response-file-threshold needs a number of characters, not ".to_vec();
                    m.extend_from_slice(&args[first + 1]);
                    say(err, &m);
                    return 2;
                }
            }
            first += 2;
        } else {
            break;
        }
    }
    let config_file = match config_file {
        Some(f) => f,
        None => {
            say(
                err,
                b"usage: LinkerMain --config <file> [--dry-run] [--response-file-threshold <chars>] \
                  <gcc-style linker arguments>",
            );
            return 2;
        }
    };
    let prepared = load(config_file).and_then(|config| {
        let gcc = expand(&args[first..]).map_err(|e| format!("cannot read a response file: {}", e))?;
        let link = translate(&gcc)?;
        let command = command_line(&config, &link)?;
        Ok((config, link, command))
    });
    let (config, link, command) = match prepared {
        Ok(p) => p,
        Err(message) => {
            say(err, format!("error: {}", message).as_bytes());
            return 1;
        }
    };
    if dry_run {
        let mut text = Vec::new();
        for arg in &command {
            text.extend_from_slice(arg);
            text.push(b'\n');
        }
        let mut out = io::stdout().lock();
        let _ = out.write_all(&text);
        let _ = out.flush();
        return 0;
    }
    if link.verbose {
        say(err, &join(&command));
    }
    run_lld(&command, &config, err, threshold)
}

fn load(file: &[u8]) -> Result<Config, String> {
    let name = text(file);
    let content = match fs::read(path(file)) {
        Ok(c) => c,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(format!(
                "the linker front end configuration {} does not exist; run the rust-maven-plugin build again to \
                 write it",
                name
            ))
        }
        Err(e) => {
            return Err(format!(
                "cannot read the linker front end configuration {}: {}; run the rust-maven-plugin build again to \
                 rewrite it",
                name, e
            ))
        }
    };
    let mut c = Config {
        lld: Vec::new(),
        triple: Vec::new(),
        emulation: Vec::new(),
        dynamic_linker: Vec::new(),
        glibc_floor: Vec::new(),
        search_dirs: Vec::new(),
        start_files_dir: Vec::new(),
        extra_objects: Vec::new(),
        extra_args: Vec::new(),
        no_undefined_in_shared_objects: false,
    };
    for (number, line) in content.split(|&b| b == b'\n').enumerate() {
        if line.is_empty() || line[0] == b'#' {
            continue;
        }
        let eq = match line.iter().position(|&b| b == b'=') {
            Some(i) => i,
            None => {
                return Err(format!(
                    "line {} of the linker front end configuration {} is not key=value; run the rust-maven-plugin \
                     build again to rewrite it",
                    number + 1,
                    name
                ))
            }
        };
        let value = unescape(&line[eq + 1..]);
        match &line[..eq] {
            b"lld" => c.lld = value,
            b"triple" => c.triple = value,
            b"emulation" => c.emulation = value,
            b"dynamicLinker" => c.dynamic_linker = value,
            b"glibcFloor" => c.glibc_floor = value,
            b"startFilesDir" => c.start_files_dir = value,
            b"searchDir" => c.search_dirs.push(value),
            b"extraObject" => c.extra_objects.push(value),
            b"extraArg" => c.extra_args.push(value),
            b"noUndefinedInSharedObjects" => c.no_undefined_in_shared_objects = value.eq_ignore_ascii_case(b"true"),
            _ => {}
        }
    }
    for (key, value) in [("lld", &c.lld), ("emulation", &c.emulation)] {
        if value.is_empty() {
            return Err(format!(
                "the linker front end configuration {} has no '{}' entry; run the rust-maven-plugin build again to \
                 rewrite it",
                name, key
            ));
        }
    }
    Ok(c)
}

fn unescape(value: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        if value[i] == b'\\' && i + 1 < value.len() {
            out.push(match value[i + 1] {
                b'n' => b'\n',
                b'r' => b'\r',
                other => other,
            });
            i += 2;
        } else {
            out.push(value[i]);
            i += 1;
        }
    }
    out
}

// Response files, with the quoting of GNU tools (see ResponseFiles.java).

fn expand(args: &[Bytes]) -> Result<Vec<Bytes>, String> {
    let mut out = Vec::with_capacity(args.len());
    expand_into(args, &mut out, 0)?;
    Ok(out)
}

fn expand_into(args: &[Bytes], out: &mut Vec<Bytes>, depth: usize) -> Result<(), String> {
    for arg in args {
        if arg.len() < 2 || arg[0] != b'@' {
            out.push(arg.clone());
            continue;
        }
        let file = path(&arg[1..]);
        if !file.is_file() {
            out.push(arg.clone());
            continue;
        }
        if depth >= MAX_DEPTH {
            return Err(format!(
                "response file {} is nested more than {} levels deep: do the @files name each other in a loop?",
                text(&arg[1..]),
                MAX_DEPTH
            ));
        }
        let content = fs::read(file).map_err(|e| format!("{}: {}", text(&arg[1..]), e))?;
        if std::str::from_utf8(&content).is_err() {
            return Err(format!("response file {} is not UTF-8 text", text(&arg[1..])));
        }
        expand_into(&parse(&content), out, depth + 1)?;
    }
    Ok(())
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0c | 0x0b)
}

fn parse(content: &[u8]) -> Vec<Bytes> {
    let mut args = Vec::new();
    let mut current = Vec::new();
    let mut in_argument = false;
    let mut escaped = false;
    let mut quote = 0u8;
    for &c in content {
        if escaped {
            current.push(c);
            escaped = false;
        } else if c == b'\\' {
            escaped = true;
            in_argument = true;
        } else if quote != 0 {
            if c == quote {
                quote = 0;
            } else {
                current.push(c);
            }
        } else if c == b'\'' || c == b'"' {
            quote = c;
            in_argument = true;
        } else if is_space(c) {
            if in_argument {
                args.push(std::mem::take(&mut current));
                in_argument = false;
            }
        } else {
            current.push(c);
            in_argument = true;
        }
    }
    if in_argument {
        args.push(current);
    }
    args
}

fn format_response_file(args: &[Bytes]) -> Bytes {
    let mut t = Vec::new();
    for arg in args {
        let line_break = arg.iter().any(|&c| c == b'\n' || c == b'\r');
        let quoted = arg.is_empty() || line_break;
        if quoted {
            t.push(b'"');
        }
        for &c in arg {
            if c == b'\\' || c == b'"' || c == b'\'' || (!line_break && is_space(c)) {
                t.push(b'\\');
            }
            t.push(c);
        }
        if quoted {
            t.push(b'"');
        }
        t.push(b'\n');
    }
    t
}

// gcc-style arguments to ld.lld arguments (see GccArgumentTranslator.java).

fn operand<'a>(args: &'a [Bytes], index: usize, option: &[u8]) -> Result<&'a Bytes, String> {
    args.get(index).ok_or_else(|| {
        format!("the linker option {} needs a value but is the last argument", text(option))
    })
}

fn starts_with_any(arg: &[u8], prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| arg.starts_with(p.as_bytes()))
}

fn is_dropped(arg: &[u8]) -> bool {
    matches!(arg, b"-m32" | b"-m64" | b"-mthumb" | b"-marm" | b"-fPIC" | b"-fpic" | b"-fPIE" | b"-fpie")
        || starts_with_any(
            arg,
            &["-march=", "-mcpu=", "-mtune=", "-mabi=", "-mfloat-abi=", "-mfpu=", "-fuse-ld=", "-B", "--target="],
        )
        || starts_with_any(arg, &["-fno-", "-g", "-O"])
        || (arg.starts_with(b"-W") && !arg.starts_with(b"-Wl"))
}

fn translate(gcc: &[Bytes]) -> Result<Link, String> {
    let mut out: Vec<Bytes> = Vec::with_capacity(gcc.len() + 8);
    let mut unknown: Vec<Bytes> = Vec::new();
    let (mut shared, mut pie, mut is_static, mut static_pie, mut export_dynamic) = (false, false, false, false, false);
    let mut start_files = true;
    let mut verbose = false;
    let mut output: Option<Bytes> = None;
    let mut i = 0;
    while i < gcc.len() {
        let arg = gcc[i].as_slice();
        if arg.is_empty() || arg[0] != b'-' || arg.len() == 1 {
            if arg == b"-" {
                unknown.push(arg.to_vec());
            } else {
                out.push(arg.to_vec());
            }
            i += 1;
            continue;
        }
        match arg {
            b"-shared" => shared = true,
            b"-pie" => pie = true,
            b"-no-pie" | b"-nopie" => pie = false,
            b"-static" => is_static = true,
            b"-static-pie" => static_pie = true,
            b"-rdynamic" => export_dynamic = true,
            b"-s" => out.push(b"--strip-all".to_vec()),
            b"-pthread" => out.push(b"-lpthread".to_vec()),
            b"-nostartfiles" | b"-nostdlib" => start_files = false,
            b"-nodefaultlibs" | b"-nolibc" | b"-static-libgcc" | b"-shared-libgcc" => {}
            b"-v" => verbose = true,
            b"-Xlinker" => {
                i += 1;
                out.push(operand(gcc, i, arg)?.clone());
            }
            b"-o" => {
                i += 1;
                let o = operand(gcc, i, arg)?.clone();
                out.push(b"-o".to_vec());
                out.push(o.clone());
                output = Some(o);
            }
            b"-L" | b"-u" | b"-e" | b"-T" | b"-z" => {
                i += 1;
                let value = operand(gcc, i, arg)?.clone();
                out.push(arg.to_vec());
                out.push(value);
            }
            b"-l" => {
                i += 1;
                let mut l = b"-l".to_vec();
                l.extend_from_slice(operand(gcc, i, arg)?);
                out.push(l);
            }
            b"-B" | b"-target" => {
                i += 1;
                operand(gcc, i, arg)?;
            }
            b"--sysroot" => {
                i += 1;
                let mut s = b"--sysroot=".to_vec();
                s.extend_from_slice(operand(gcc, i, arg)?);
                out.push(s);
            }
            _ => {
                if let Some(rest) = arg.strip_prefix(b"-Wl,") {
                    for part in rest.split(|&c| c == b',') {
                        if !part.is_empty() {
                            out.push(part.to_vec());
                        }
                    }
                } else if let Some(o) = arg.strip_prefix(b"-o") {
                    out.push(b"-o".to_vec());
                    out.push(o.to_vec());
                    output = Some(o.to_vec());
                } else if starts_with_any(arg, &["-L", "-l", "-u", "-e", "-T", "-z", "--sysroot="]) {
                    out.push(arg.to_vec());
                } else if !is_dropped(arg) {
                    unknown.push(arg.to_vec());
                }
            }
        }
        i += 1;
    }
    if !unknown.is_empty() {
        return Err(format!(
            "the linker front end does not know how to translate {} for ld.lld; pass linker options as -C \
             link-arg=-Wl,<option> or report the option to the rust-maven-plugin project",
            text(&join(&unknown))
        ));
    }
    let mut mode: Vec<Bytes> = Vec::with_capacity(6);
    let kind = if shared {
        mode.push(b"-shared".to_vec());
        if is_static {
            mode.push(b"-static".to_vec());
        }
        Kind::SharedObject
    } else if static_pie {
        for m in ["-static", "-pie", "--no-dynamic-linker", "-z", "text"] {
            mode.push(m.as_bytes().to_vec());
        }
        Kind::StaticPieExecutable
    } else if is_static {
        mode.push(b"-static".to_vec());
        Kind::StaticExecutable
    } else if pie {
        mode.push(b"-pie".to_vec());
        Kind::PieExecutable
    } else {
        Kind::Executable
    };
    if export_dynamic {
        mode.push(b"--export-dynamic".to_vec());
    }
    Ok(Link { kind, mode, args: out, start_files, verbose, output })
}

// The ld.lld command line (see LldCommand.java).

/// What Java's Path.of(name).getFileName() gives: the last non-empty element.
fn file_name(name: &[u8]) -> Option<Bytes> {
    if name.is_empty() {
        return Some(Vec::new());
    }
    name.split(|&c| c == b'/').filter(|p| !p.is_empty()).last().map(<[u8]>::to_vec)
}

fn resolve(dir: &[u8], name: &str) -> Bytes {
    let mut p = dir.to_vec();
    if !p.is_empty() && !p.ends_with(b"/") {
        p.push(b'/');
    }
    p.extend_from_slice(name.as_bytes());
    p
}

fn command_line(config: &Config, link: &Link) -> Result<Vec<Bytes>, String> {
    let mut cmd: Vec<Bytes> = Vec::with_capacity(link.args.len() + 32);
    let b = |s: &str| s.as_bytes().to_vec();
    cmd.push(config.lld.clone());
    cmd.extend([b("-flavor"), b("gnu"), b("-m"), config.emulation.clone()]);
    cmd.extend(link.mode.iter().cloned());
    let kind = link.kind;
    let needs_dynamic_linker = kind == Kind::PieExecutable || kind == Kind::Executable;
    if needs_dynamic_linker && !config.dynamic_linker.is_empty() {
        cmd.push(b("--dynamic-linker"));
        cmd.push(config.dynamic_linker.clone());
    }
    if kind == Kind::SharedObject || needs_dynamic_linker {
        cmd.push(b("--hash-style=gnu"));
    }
    cmd.extend([b("--build-id"), b("-z"), b("noexecstack")]);
    if kind == Kind::SharedObject && config.no_undefined_in_shared_objects {
        cmd.extend([b("-z"), b("defs")]);
    }
    if kind == Kind::SharedObject {
        if let Some(output) = &link.output {
            if !has_soname(&link.args) {
                let name = file_name(output).ok_or_else(|| {
                    format!("the output {} of a shared object link has no file name", text(output))
                })?;
                cmd.push(b("-soname"));
                cmd.push(name);
            }
        }
    }
    for dir in &config.search_dirs {
        cmd.push(b("-L"));
        cmd.push(dir.clone());
    }
    let (first, last) = if kind != Kind::SharedObject && link.start_files {
        start_files(config, kind)?
    } else {
        (Vec::new(), Vec::new())
    };
    cmd.extend(first);
    cmd.extend(link.args.iter().cloned());
    cmd.extend(config.extra_objects.iter().cloned());
    cmd.extend(config.extra_args.iter().cloned());
    cmd.extend(last);
    Ok(cmd)
}

fn has_soname(args: &[Bytes]) -> bool {
    args.iter().any(|a| {
        a.as_slice() == b"-h" || a.starts_with(b"-soname") || a.starts_with(b"--soname") || a.starts_with(b"-h=")
    })
}

fn start_files(config: &Config, kind: Kind) -> Result<(Vec<Bytes>, Vec<Bytes>), String> {
    if config.start_files_dir.is_empty() {
        return Err(format!(
            "linking an executable for {} needs the C start files (crt1.o, crti.o, crtn.o), but the linker front \
             end configuration names no startFilesDir; link with -nostartfiles if the start files are passed \
             another way",
            text(&config.triple)
        ));
    }
    let dir = config.start_files_dir.as_slice();
    let (crt1, begin, end) = match kind {
        Kind::PieExecutable => ("Scrt1.o", "crtbeginS.o", "crtendS.o"),
        Kind::StaticPieExecutable => ("rcrt1.o", "crtbeginS.o", "crtendS.o"),
        Kind::StaticExecutable => ("crt1.o", "crtbeginT.o", "crtend.o"),
        _ => ("crt1.o", "crtbegin.o", "crtend.o"),
    };
    let required = |name: &str| -> Result<Bytes, String> {
        let file = resolve(dir, name);
        if path(&file).is_file() {
            Ok(file)
        } else {
            Err(format!(
                "the C start file {} is missing; the linker front end configuration for {} names {} as \
                 startFilesDir",
                text(&file),
                text(&config.triple),
                text(dir)
            ))
        }
    };
    let optional = |name: &str| -> Option<Bytes> {
        let file = resolve(dir, name);
        if path(&file).is_file() {
            Some(file)
        } else {
            None
        }
    };
    let mut first = vec![required(crt1)?, required("crti.o")?];
    first.extend(optional(begin));
    let mut last = Vec::new();
    if kind == Kind::PieExecutable || kind == Kind::Executable {
        last.extend(optional(LIBC_NONSHARED));
    }
    last.extend(optional(end));
    last.push(required("crtn.o")?);
    Ok((first, last))
}

// Running LLD (see LinkerMain.java).

/// The length Java gives the command line: UTF-16 code units of each argument plus a separator.
fn java_length(command: &[Bytes]) -> i64 {
    let mut total = 0i64;
    for arg in command {
        for &c in arg {
            if c & 0xc0 != 0x80 {
                total += 1;
            }
            if c >= 0xf0 {
                total += 1;
            }
        }
        total += 1;
    }
    total
}

fn write_response_file(args: &[Bytes]) -> io::Result<PathBuf> {
    let dir = std::env::temp_dir();
    let content = format_response_file(args);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let mut attempt = 0u32;
    loop {
        let file = dir.join(format!("rust-lld-{}-{}.rsp", std::process::id(), seed.wrapping_add(attempt)));
        match fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&file) {
            Ok(mut f) => {
                if let Err(e) = f.write_all(&content) {
                    let _ = fs::remove_file(&file);
                    return Err(e);
                }
                return Ok(file);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

fn run_lld(command: &[Bytes], config: &Config, err: &mut dyn Write, threshold: i64) -> i32 {
    let mut response_file: Option<PathBuf> = None;
    let mut launched: Vec<OsString> = Vec::new();
    if java_length(command) > threshold {
        match write_response_file(&command[3..]) {
            Ok(file) => {
                for arg in &command[..3] {
                    launched.push(OsString::from_vec(arg.clone()));
                }
                // LLD reads response files with Windows rules on Windows unless told otherwise.
                launched.push(OsString::from("--rsp-quoting=posix"));
                let mut at = OsString::from("@");
                at.push(&file);
                launched.push(at);
                response_file = Some(file);
            }
            Err(e) => {
                say(err, format!("error: cannot write a response file for LLD: {}", e).as_bytes());
                return 1;
            }
        }
    } else {
        for arg in command {
            launched.push(OsString::from_vec(arg.clone()));
        }
    }
    let exit = lld(&launched, command, config, err);
    if let Some(file) = response_file {
        // A leftover temporary file does no harm to the link.
        let _ = fs::remove_file(file);
    }
    exit
}

fn lld(launched: &[OsString], command: &[Bytes], config: &Config, err: &mut dyn Write) -> i32 {
    let child = Command::new(&launched[0]).args(&launched[1..]).stderr(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            say(
                err,
                format!(
                    "error: cannot run LLD {}: {}; check the lld path in the linker front end configuration",
                    text(&config.lld),
                    start_problem(path(&config.lld), &e)
                )
                .as_bytes(),
            );
            return 1;
        }
    };
    let mut stderr = Vec::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_end(&mut stderr);
    }
    let exit = match child.wait() {
        Ok(status) => status.code().unwrap_or_else(|| 128 + status.signal().unwrap_or(0)),
        Err(e) => {
            say(err, format!("error: cannot wait for LLD: {}", e).as_bytes());
            return 1;
        }
    };
    let _ = err.write_all(&stderr);
    if exit != 0 {
        let mut note = format!("note: LLD failed with exit code {}", exit).into_bytes();
        if !config.triple.is_empty() {
            note.extend_from_slice(b" for ");
            note.extend_from_slice(&config.triple);
        }
        note.extend_from_slice(b"; its command line was: ");
        note.extend_from_slice(&join(command));
        say(err, &note);
        let undefined = b"undefined symbol";
        if !config.glibc_floor.is_empty() && stderr.windows(undefined.len()).any(|w| w == undefined) {
            say(
                err,
                format!(
                    "note: undefined symbols are checked against glibc {} (the chosen glibc floor): a function \
                     newer than that is not available to the output",
                    text(&config.glibc_floor)
                )
                .as_bytes(),
            );
        }
    }
    exit
}

/// Why LLD could not be started, in the words LinkerMain uses.
fn start_problem(lld: &Path, e: &io::Error) -> String {
    match fs::metadata(lld) {
        Err(_) => "it does not exist".to_string(),
        Ok(m) if !m.is_file() => "it is not a file".to_string(),
        Ok(m) if m.permissions().mode() & 0o111 == 0 => "it is not executable".to_string(),
        Ok(_) => e.to_string(),
    }
}
