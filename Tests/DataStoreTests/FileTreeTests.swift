import Foundation
import Testing
import RegoValue
@testable import DataStore

@Suite struct FileTreeTests {
    @Test func loadsRegoFilesRecursivelyByRelativeID() throws {
        let folder = try TemporaryFolder()
        try folder.write("policies/httpapi/authz.rego", "package httpapi.authz")
        try folder.write("policies/main.rego", "package main")
        try folder.write("policies/notes.txt", "ignored")
        try folder.write("policies/.hidden/x.rego", "package hidden")
        let tree = FileTree(policiesFolder: folder.url("policies"), dataFolder: nil)
        #expect(tree.errors.isEmpty)
        #expect(tree.policies == ["httpapi/authz.rego": "package httpapi.authz", "main.rego": "package main"])
    }

    @Test func placesDataFilesAtTheirFolderPath() throws {
        let folder = try TemporaryFolder()
        try folder.write("data/data.json", #"{"top": 1}"#)
        try folder.write("data/users/roles.json", #"{"alice": "admin"}"#)
        try folder.write("data/users/more/teams.yaml", "team: blue\nactive: yes\ncount: 3\n")
        try folder.write("data/users/extra.yml", "bob: viewer\n")
        let tree = FileTree(policiesFolder: nil, dataFolder: folder.url("data"))
        #expect(tree.errors.isEmpty)
        let expected: Value = [
            "top": 1,
            "users": ["alice": "admin", "bob": "viewer", "more": ["team": "blue", "active": true, "count": 3]],
        ]
        #expect(tree.data == expected)
    }

    @Test func missingFolderIsEmpty() throws {
        let folder = try TemporaryFolder()
        let tree = FileTree(policiesFolder: folder.url("nope"), dataFolder: folder.url("nope2"))
        #expect(tree.errors.isEmpty)
        #expect(tree.data == .emptyObject)
    }

    @Test func conflictNamesBothFiles() throws {
        let folder = try TemporaryFolder()
        try folder.write("data/a/one.json", #"{"x": {"y": 1}}"#)
        try folder.write("data/a/two.json", #"{"x": {"y": 2, "z": 3}}"#)
        let tree = FileTree(policiesFolder: nil, dataFolder: folder.url("data"))
        let error = try #require(tree.errors.first)
        #expect(error.path == folder.url("data/a/two.json"))
        #expect(error.message.contains(folder.url("data/a/one.json")))
        #expect(error.message.contains("a/x/y"))
        // The conflicting file is left out whole; the first one stays.
        #expect(tree.data == ["a": ["x": ["y": 1]]])
    }

    @Test func badJSONReportsLineAndColumn() throws {
        let folder = try TemporaryFolder()
        try folder.write("data/bad.json", "{\n  \"a\": 1,\n  \"b\": ]\n}")
        let tree = FileTree(policiesFolder: nil, dataFolder: folder.url("data"))
        let error = try #require(tree.errors.first)
        #expect(error.path == folder.url("data/bad.json"))
        #expect(error.line == 3)
        #expect(error.column > 1)
    }

    @Test func badYAMLReportsLineAndColumn() throws {
        let folder = try TemporaryFolder()
        try folder.write("data/x/bad.yaml", "a: 1\nb: [1, 2\nc: 3\n")
        let tree = FileTree(policiesFolder: nil, dataFolder: folder.url("data"))
        let error = try #require(tree.errors.first)
        #expect(error.path == folder.url("data/x/bad.yaml"))
        #expect(error.line >= 2)
    }

    @Test func rootDataFileMustBeAnObject() throws {
        let folder = try TemporaryFolder()
        try folder.write("data/data.json", "[1, 2]")
        let tree = FileTree(policiesFolder: nil, dataFolder: folder.url("data"))
        #expect(tree.errors.count == 1)
    }

    @Test func fingerprintChangesWhenAFileChanges() throws {
        let folder = try TemporaryFolder()
        try folder.write("data/a.json", #"{"a": 1}"#)
        let before = FileFingerprint(policiesFolder: folder.url("policies"), dataFolder: folder.url("data"))
        #expect(before == FileFingerprint(policiesFolder: folder.url("policies"), dataFolder: folder.url("data")))
        try folder.write("data/a.json", #"{"a": 12}"#)
        #expect(before != FileFingerprint(policiesFolder: folder.url("policies"), dataFolder: folder.url("data")))
        try folder.write("policies/p.rego", "package p")
        #expect(FileFingerprint(policiesFolder: folder.url("policies"), dataFolder: folder.url("data")).entries.count == 2)
    }

    @Test func listsFilesBelowAFolderAsTheyAre() throws {
        let folder = try TemporaryFolder()
        try folder.write("policies/b.rego", "package b")
        try folder.write("policies/a/UPPER.REGO", "package upper")
        try folder.write("policies/a/deep/er/c.rego", "package c")
        try folder.write("policies/.git/d.rego", "package hidden")
        try folder.write("policies/.e.rego", "package hidden")
        try folder.write("policies/rego", "no extension")
        try folder.write("policies/f.rego.bak", "other extension")
        try folder.write("elsewhere/linked.rego", "package linked")
        try folder.write("elsewhere/inner/g.rego", "package inner")
        try FileManager.default.createDirectory(atPath: folder.url("policies/folder.rego"), withIntermediateDirectories: true)
        // A link to a file counts as that file; a link to a folder is not followed.
        try FileManager.default.createSymbolicLink(atPath: folder.url("policies/link.rego"), withDestinationPath: folder.url("elsewhere/linked.rego"))
        try FileManager.default.createSymbolicLink(atPath: folder.url("policies/linked-folder"), withDestinationPath: folder.url("elsewhere/inner"))
        try FileManager.default.createSymbolicLink(atPath: folder.url("policies/dangling.rego"), withDestinationPath: folder.url("nowhere.rego"))
        #expect(FileTree.files(in: folder.url("policies"), extensions: FileTree.policyExtensions)
            == ["a/UPPER.REGO", "a/deep/er/c.rego", "b.rego", "link.rego"])
        #expect(FileTree.files(in: folder.url("policies") + "/", extensions: FileTree.policyExtensions).count == 4)
        #expect(FileTree.files(in: folder.url("missing"), extensions: FileTree.policyExtensions).isEmpty)
    }

    @Test func fingerprintReadsSizeAndModificationTime() throws {
        let folder = try TemporaryFolder()
        try folder.write("data/a.json", #"{"a": 1}"#)
        let path = folder.url("data/a.json")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000.25)], ofItemAtPath: path)
        let entry = try #require(FileFingerprint(policiesFolder: nil, dataFolder: folder.url("data")).entries.first)
        #expect(entry.path == path)
        #expect(entry.size == 8)
        #expect(abs(entry.modified - 1_700_000_000.25) < 0.001)
    }

    /// A Kubernetes ConfigMap volume: each file is a link through `..data`, a link swapped to a new
    /// folder on update, so only the file behind the links changes.
    @Test func fingerprintFollowsLinksAsAConfigMapSwapsThem() throws {
        let folder = try TemporaryFolder()
        try folder.write("volume/..2026_12_01_a/authz.rego", "package authz\n")
        try folder.write("volume/..2026_12_01_b/authz.rego", "package authz\n\nallow := true\n")
        try FileManager.default.createSymbolicLink(atPath: folder.url("volume/..data"), withDestinationPath: "..2026_12_01_a")
        try FileManager.default.createSymbolicLink(atPath: folder.url("volume/authz.rego"), withDestinationPath: "..data/authz.rego")
        let before = FileFingerprint(policiesFolder: folder.url("volume"), dataFolder: nil)
        #expect(before.entries.map(\.path) == [folder.url("volume/authz.rego")])
        #expect(FileTree(policiesFolder: folder.url("volume"), dataFolder: nil).policies == ["authz.rego": "package authz\n"])
        try FileManager.default.removeItem(atPath: folder.url("volume/..data"))
        try FileManager.default.createSymbolicLink(atPath: folder.url("volume/..data"), withDestinationPath: "..2026_12_01_b")
        #expect(FileFingerprint(policiesFolder: folder.url("volume"), dataFolder: nil) != before)
    }
}
