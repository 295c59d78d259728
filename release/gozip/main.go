// Command gozip writes a Go module version into a file-based module proxy (GOPROXY=file://DIR)
// as the module proxy would serve it from the tag: the zip made by golang.org/x/mod/zip from the
// module's directory as `git archive` wrote it from the tagged revision (the caller extracts it;
// x/mod's own CreateFromVCS does the same but does not recognise a git worktree), less nested
// modules, vendor folders and what the module zip format excludes; the go.mod from that zip;
// the .info with the commit time; and the version added to @v/list. It prints the go.sum lines
// of the version (h1: hashes of the zip and of the go.mod).
//
//	gozip -dir EXTRACTED/packages/client-go/generated \
//	      -module github.com/…/packages/client-go/generated -version v0.1.0 -time 2026-…Z -out DIR
package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"
)

func main() {
	src := flag.String("dir", "", "the module's directory, as git archive wrote it")
	path := flag.String("module", "", "module path")
	version := flag.String("version", "", "module version (vX.Y.Z)")
	when := flag.String("time", "", "the version's time (RFC 3339), for the .info file")
	out := flag.String("out", "", "the file-based proxy's root")
	flag.Parse()
	if err := run(*src, *path, *version, *when, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gozip:", err)
		os.Exit(1)
	}
}

func run(src, path, version, when, out string) error {
	m := module.Version{Path: path, Version: version}
	if err := module.Check(path, version); err != nil {
		return err
	}
	escaped, err := module.EscapePath(path)
	if err != nil {
		return err
	}
	dir := filepath.Join(out, filepath.FromSlash(escaped), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := modzip.CreateFromDir(&buf, m, src); err != nil {
		return err
	}
	zipFile := filepath.Join(dir, version+".zip")
	if err := os.WriteFile(zipFile, buf.Bytes(), 0o644); err != nil {
		return err
	}
	// The .mod file is the go.mod inside the zip (the go command checks they agree).
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return err
	}
	var gomod []byte
	for _, f := range zr.File {
		if f.Name == path+"@"+version+"/go.mod" {
			r, err := f.Open()
			if err != nil {
				return err
			}
			gomod, err = io.ReadAll(r)
			r.Close()
			if err != nil {
				return err
			}
		}
	}
	if gomod == nil {
		return fmt.Errorf("%s has no go.mod", src)
	}
	if err := os.WriteFile(filepath.Join(dir, version+".mod"), gomod, 0o644); err != nil {
		return err
	}
	info, _ := json.Marshal(map[string]string{"Version": version, "Time": when})
	if err := os.WriteFile(filepath.Join(dir, version+".info"), info, 0o644); err != nil {
		return err
	}
	listFile := filepath.Join(dir, "list")
	existing, _ := os.ReadFile(listFile)
	versions := strings.Fields(string(existing))
	if !slices.Contains(versions, version) {
		versions = append(versions, version)
	}
	if err := os.WriteFile(listFile, []byte(strings.Join(versions, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	zipHash, err := dirhash.HashZip(zipFile, dirhash.Hash1)
	if err != nil {
		return err
	}
	modHash, err := dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(gomod)), nil
	})
	if err != nil {
		return err
	}
	fmt.Printf("%s %s %s\n%s %s/go.mod %s\n", path, version, zipHash, path, version, modHash)
	return nil
}
