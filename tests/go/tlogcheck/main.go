// Command tlogcheck follows a Sharing Ledger as a standard tlog client would:
// with Go's golang.org/x/mod/sumdb/note and .../tlog only, over HTTP, without a key.
//
// It fetches the checkpoint at <base>/tlog/checkpoint and verifies its
// signature with the log's verifier key (sumdb/note), reads hash tiles from
// <base>/tlog/tile/<L>/<N>[.p/<W>] (C2SP tlog-tiles paths: no tile height in
// the path, unlike sumdb's tile/<H>/...) through tlog.TileHashReader, which
// checks every tile against the signed tree hash, then proves and checks:
//
//   - the inclusion of one record (tlog.ProveRecord / tlog.CheckRecord), the
//     record hash being RFC 9162's HASH(0x00 || entry digest);
//   - the consistency of an older checkpoint, taken from
//     <base>/v1/public/checkpoints, with the latest (tlog.ProveTree / CheckTree),
//     and that the server's own /v1/public/proof/consistency is the same proof.
//
// It prints one JSON line on success and exits 1, naming the failure, otherwise.
// Built offline in GOPATH mode against Debian's golang-golang-x-mod-dev
// (tests/integration/test_tlog_go.py).
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const tileHeight = 8

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "tlogcheck: "+format+"\n", args...)
	os.Exit(1)
}

func get(url string) []byte {
	resp, err := http.Get(url)
	if err != nil {
		fail("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		fail("GET %s: %v", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		fail("GET %s: %s", url, resp.Status)
	}
	return body
}

// openCheckpoint verifies a C2SP checkpoint note and returns its origin and tree.
func openCheckpoint(msg []byte, verifier note.Verifier) (string, tlog.Tree) {
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint signature: %v", err)
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 {
		fail("checkpoint: too few lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || lines[1] != strconv.FormatInt(size, 10) {
		fail("checkpoint: bad tree size %q", lines[1])
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		fail("checkpoint: bad root hash %q", lines[2])
	}
	var hash tlog.Hash
	copy(hash[:], raw)
	return lines[0], tlog.Tree{N: size, Hash: hash}
}

// c2spPath is a tile's path as C2SP tlog-tiles spells it: tile/<L>/<N>[.p/<W>].
func c2spPath(t tlog.Tile) string {
	// sumdb's Path is tile/<H>/<L>/<N>[.p/<W>]; C2SP drops the height (always 8).
	return "tile/" + strings.SplitN(t.Path(), "/", 3)[2]
}

type httpTiles struct {
	base    string
	fetched int
}

func (h *httpTiles) Height() int { return tileHeight }

func (h *httpTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	data := make([][]byte, len(tiles))
	for i, t := range tiles {
		data[i] = get(h.base + "/tlog/" + c2spPath(t))
		h.fetched++
		if len(data[i]) != t.W*tlog.HashSize {
			return nil, fmt.Errorf("tile %s: %d bytes", c2spPath(t), len(data[i]))
		}
	}
	return data, nil
}

func (h *httpTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

type history struct {
	Items []struct {
		TreeSize int64  `json:"tree_size"`
		Note     string `json:"note"`
	} `json:"items"`
}

type consistency struct {
	Proof []string `json:"proof"`
}

func main() {
	base := flag.String("base", "", "the ledger's base URL")
	key := flag.String("key", "", "the log's verifier key")
	index := flag.Int64("index", -1, "the record's leaf index (chain position)")
	digest := flag.String("digest", "", "the record's entry digest, hex")
	oldSize := flag.Int64("old", 0, "an older checkpoint's tree size to prove consistency from")
	flag.Parse()

	verifier, err := note.NewVerifier(*key)
	if err != nil {
		fail("verifier key: %v", err)
	}
	origin, tree := openCheckpoint(get(*base+"/tlog/checkpoint"), verifier)
	if origin != verifier.Name() {
		fail("checkpoint origin %q is not the key's name %q", origin, verifier.Name())
	}
	tiles := &httpTiles{base: *base}
	hashes := tlog.TileHashReader(tree, tiles)

	data, err := hex.DecodeString(*digest)
	if err != nil {
		fail("digest: %v", err)
	}
	recordProof, err := tlog.ProveRecord(tree.N, *index, hashes)
	if err != nil {
		fail("ProveRecord from tiles: %v", err)
	}
	if err := tlog.CheckRecord(recordProof, tree.N, tree.Hash, *index, tlog.RecordHash(data)); err != nil {
		fail("CheckRecord: %v", err)
	}

	var hist history
	if err := json.Unmarshal(get(*base+"/v1/public/checkpoints?limit=500"), &hist); err != nil {
		fail("checkpoint history: %v", err)
	}
	var old *tlog.Tree
	for _, item := range hist.Items {
		if item.TreeSize == *oldSize {
			_, t := openCheckpoint([]byte(item.Note), verifier)
			old = &t
		}
	}
	if old == nil {
		fail("no checkpoint of size %d in the history", *oldSize)
	}
	treeProof, err := tlog.ProveTree(tree.N, old.N, hashes)
	if err != nil {
		fail("ProveTree from tiles: %v", err)
	}
	if err := tlog.CheckTree(treeProof, tree.N, tree.Hash, old.N, old.Hash); err != nil {
		fail("CheckTree: %v", err)
	}
	var served consistency
	url := fmt.Sprintf("%s/v1/public/proof/consistency?old=%d&new=%d", *base, old.N, tree.N)
	if err := json.Unmarshal(get(url), &served); err != nil {
		fail("consistency: %v", err)
	}
	if len(served.Proof) != len(treeProof) {
		fail("the served consistency proof has %d hashes, tlog's %d", len(served.Proof), len(treeProof))
	}
	for i, h := range served.Proof {
		raw, err := hex.DecodeString(h)
		if err != nil || !bytes.Equal(raw, treeProof[i][:]) {
			fail("the served consistency proof differs from tlog's at hash %d", i)
		}
	}
	if tiles.fetched == 0 {
		fail("%v", errors.New("no tile was read"))
	}
	out, _ := json.Marshal(map[string]interface{}{
		"ok": true, "origin": origin, "tree_size": tree.N, "old_size": old.N,
		"index": *index, "tiles_fetched": tiles.fetched,
	})
	fmt.Println(string(out))
}
