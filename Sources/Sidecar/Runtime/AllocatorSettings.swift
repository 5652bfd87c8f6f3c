/// How the C library's allocator serves a load of policies: parsing and compiling a large policy
/// set builds arrays of tokens, rules and compiled terms that grow by doubling into blocks of
/// hundreds of kilobytes to several megabytes.
///
/// By default glibc serves each block of 128 KB or more with a mapping of its own, unmapped when the
/// array grows again or is freed, and shrinks a heap as soon as 128 KB at its top are free (it
/// raises both limits only after the first large block is freed). Each block then arrives as fresh
/// pages, and each page costs a fault when it is first written. While loading, blocks of up to
/// 32 MB come from the heap, and a heap keeps up to 16 MB free at its top: loading the bench bundle
/// takes about 10,500 page faults instead of 15,800 (BENCHMARKS.md, "Seventeenth session: start-up").
///
/// After a load a heap shrinks once 4 MB at its top are free: freeing the syntax trees then hands
/// most of their pages back (`PolicyRuntime.returnFreedMemory` returns the free pages below the
/// tops), and the 1 MB buffers the decision log's thread reads the journal into are reused rather
/// than handed back and faulted in again (with glibc's 128 KB, the server took 2.5 to 4 times the
/// page faults under load). Left at 16 MB, the heaps kept about 4 MB more resident while idle.
public enum AllocatorSettings {
    /// Blocks this large or larger get a mapping of their own (glibc's ceiling for its own adaptive limit).
    static let mmapThreshold: Int32 = 32 << 20
    /// Free bytes at a heap's top before it shrinks, while loading.
    static let loadingTrimThreshold: Int32 = 16 << 20
    /// Free bytes at a heap's top before it shrinks, after loading.
    static let trimThreshold: Int32 = 4 << 20

    /// Settings for a load of policies (in a command that ends after its load, for good).
    public static func forLoading() {
        set(glibcMmapThreshold, mmapThreshold)
        set(glibcTrimThreshold, loadingTrimThreshold)
    }

    /// Settings for after a load: large blocks still from the heap, heaps shrinking sooner.
    public static func afterLoading() {
        set(glibcTrimThreshold, trimThreshold)
    }

    private static func set(_ parameter: Int32, _ value: Int32) {
        #if os(Linux)
        _ = glibcMallopt(parameter, value)
        #endif
    }
}

/// glibc's `M_TRIM_THRESHOLD` and `M_MMAP_THRESHOLD` (from `<malloc.h>`, which the Glibc module does not export).
private let glibcTrimThreshold: Int32 = -1
private let glibcMmapThreshold: Int32 = -3

#if os(Linux)
/// glibc's `int mallopt(int param, int value)`.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
