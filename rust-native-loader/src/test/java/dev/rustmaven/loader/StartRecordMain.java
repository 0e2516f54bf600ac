package dev.rustmaven.loader;

/**
 * Run in child JVMs by {@link StartRecordTest}, from a jar on the class path as an application runs: loads the
 * test library with {@link NativeLoader#load(String)}, calls it and prints {@code sum 42}, the loaded file and
 * the explanation of the load.
 */
public final class StartRecordMain {

    private StartRecordMain() {}

    public static void main(String[] args) {
        LoadedLibrary loaded = NativeLoader.load("adder");
        System.out.println("sum " + JniAdder.add(20, 22));
        System.out.println("file " + loaded.file());
        System.out.println(loaded.explanation());
    }
}
