package launch

import (
	"encoding/binary"
	"errors"
	"io"
	"syscall"
)

// maskText replaces every secret in the output. It is fixed, so the output
// says nothing about a secret's length.
const maskText = "******"

// masker is the streaming replacer behind newOutput.
//
// What is replaced: every occurrence of a secret in the byte stream, and
// occurrences that overlap (share a byte) are replaced together, as one
// ******: abcd and bcdefghij in abcdefghij give one ******, and so do pass
// and password in password. So the result is the same however the stream
// was cut into writes, and no part of a secret that overlaps another shows.
// Secrets that merely touch are replaced one by one. This is the same as
// scanning left to right and replacing, at the first position where a
// secret starts, the longest one starting there together with every one
// that starts inside what is replaced and runs on past its end.
//
// Holding back: bytes are written as soon as they are known not to be part
// of a secret. Only a tail that is still a proper prefix of some secret (at
// most the longest secret's length minus one byte) is held, until more
// output or Close decides it. The held tail is not flushed on a timer even
// if the child goes quiet: flushing "pass" of "password1" and masking
// nothing when "word1" arrives later would leak most of the secret. In a
// terminal, the next keystroke's echo decides it.
//
// Finding candidates: the output is sampled, one three-byte gram every
// (shortest secret - 2) bytes, against a small table of the grams the
// secrets begin with (see next), so output that holds no secret is mostly
// passed over rather than examined byte by byte. A chunk of output with no
// secret in it is written straight from the caller's buffer, without a
// copy. Where a sample hits, an Aho-Corasick automaton of the secrets takes
// over, one step per byte, until no prefix of a secret is left in play: so
// the time stays linear in the output even for text that keeps almost
// matching a long secret (a run of As against a key of As ending in =, as
// base64 of zeros is), which walking the trie afresh at each position made
// cost the output's length times the secret's.
//
// A masker is not safe for concurrent use: each stream gets its own.
type masker struct {
	w      io.Writer
	ms     *masks // the secrets' forms and their automaton, shared by a command's streams
	state  int32  // the automaton's node after the bytes seen; 0 when nothing is in play
	pos    int64  // stream offset of the next byte
	done   int64  // output before this offset is decided and written (or in out)
	held   []byte // bytes from heldAt to pos, kept from earlier writes: a proper prefix of some secret
	heldAt int64
	runs   []run // occurrences merged into runs, ordered, not yet over
	shown  bool  // runs[0]'s ****** is written
	out    []byte
	err    error // sticky: the first error of w, or errClosed

	// The current write and its run of plain bytes not yet copied to out.
	p            []byte
	pAt          int64
	litLo, litHi int
}

// run is a stretch of the stream that one ****** replaces.
type run struct{ start, end int64 }

var errClosed = errors.New("write to closed masking stream")

// outFlush bounds the assembly buffer so memory stays flat whatever the
// size of one Write.
const outFlush = 64 << 10

func newMasker(w io.Writer, secrets []string) *masker {
	return &masker{w: w, ms: newMasks(secrets)}
}

func (k *masker) Write(p []byte) (int, error) {
	if k.err != nil {
		if !transient(k.err) {
			return 0, k.err
		}
		k.err = nil // the disk may have room again, as for the command writing there itself
	}
	k.p, k.pAt, k.litLo, k.litHi = p, k.pos, 0, 0
	m := k.ms.m
	for i := 0; i < len(p); {
		if k.state == 0 {
			// Nothing in play: pass over what cannot start a secret.
			j := m.next(p, i)
			k.pos += int64(j - i)
			k.settle(false)
			if i = j; i == len(p) {
				break
			}
		}
		// What these steps decide is written at the next occurrence, on
		// the way back to the sampler, or at the end of the write.
		for i < len(p) {
			k.state = m.step(k.state, p[i])
			i++
			k.pos++
			if n := m.nodes[k.state].out; n > 0 {
				k.occurs(k.pos - int64(n))
				k.settle(false)
			}
			if k.state == 0 {
				k.settle(false)
				break
			}
		}
	}
	k.settle(false)
	if len(k.out) == 0 {
		k.write(p[k.litLo:k.litHi])
	} else {
		k.copyLit()
		k.flush()
	}
	k.keep()
	k.p = nil
	if k.err != nil {
		return 0, k.err
	}
	return len(p), nil
}

// occurs records an occurrence from start to pos (the longest one ending
// there; shorter ones lie inside it), merging it with the runs it overlaps.
func (k *masker) occurs(start int64) {
	n := len(k.runs)
	for n > 0 && k.runs[n-1].end > start {
		n--
		start = min(start, k.runs[n].start)
	}
	k.runs = append(k.runs[:n], run{start, k.pos})
}

// settle writes what the bytes seen decide. An occurrence found later
// starts no earlier than the prefix of a secret still in play, so output
// before it is decided: plain bytes are, and so is a run starting there,
// whose ****** can be written even if the run may still grow.
func (k *masker) settle(final bool) {
	decided := k.pos
	if !final {
		decided -= int64(k.ms.m.nodes[k.state].live)
	}
	for len(k.runs) > 0 && k.runs[0].start < decided {
		r := k.runs[0]
		k.plain(r.start)
		if !k.shown {
			k.copyLit()
			k.out = append(k.out, maskText...)
			if len(k.out) >= outFlush {
				k.flush()
			}
			k.shown = true
		}
		k.done = max(k.done, r.end)
		if r.end > decided {
			return // it may still grow
		}
		k.runs, k.shown = k.runs[:copy(k.runs, k.runs[1:])], false
	}
	k.plain(decided)
}

// plain writes the bytes from done to to, which are in no secret.
func (k *masker) plain(to int64) {
	if k.done >= to {
		return
	}
	if k.done < k.pAt {
		// From earlier writes.
		k.copyLit()
		k.out = append(k.out, k.held[k.done-k.heldAt:min(to, k.pAt)-k.heldAt]...)
		k.done = min(to, k.pAt)
	}
	if k.done < to {
		lo, hi := int(k.done-k.pAt), int(to-k.pAt)
		if k.litHi != lo {
			k.copyLit()
			k.litLo = lo
		}
		k.litHi, k.done = hi, to
	}
}

// copyLit moves the pending plain bytes of the current write to out, ahead
// of what comes after them.
func (k *masker) copyLit() {
	if k.litHi > k.litLo {
		k.out = append(k.out, k.p[k.litLo:k.litHi]...)
	}
	k.litLo = k.litHi
}

// keep holds the bytes still in play for the next write.
func (k *masker) keep() {
	from := k.pos - int64(k.ms.m.nodes[k.state].live)
	if from >= k.pos {
		k.held, k.heldAt = k.held[:0], k.pos
		return
	}
	if from >= k.pAt {
		k.held = append(k.held[:0], k.p[from-k.pAt:]...)
	} else {
		// What was held, from, and all of this write.
		k.held = append(k.held[:copy(k.held, k.held[from-k.heldAt:])], k.p...)
	}
	k.heldAt = from
}

// Close writes what was held back, deciding it as the end of the stream.
// It does not close the underlying writer.
func (k *masker) Close() error {
	if k.err != nil {
		if k.err == errClosed {
			return nil
		}
		if !transient(k.err) {
			return k.err
		}
		k.err = nil
	}
	k.p, k.pAt, k.litLo, k.litHi = nil, k.pos, 0, 0
	k.settle(true)
	k.state, k.held = 0, k.held[:0]
	if err := k.flush(); err != nil {
		return err
	}
	k.err = errClosed
	return nil
}

// snapshot is what another masker needs to go on where this one stands (see
// restoreMasker): the secrets, the held tail, and where in it output and
// runs stand. Only a relay of withsecrets' own reads it, through a pipe.
func (k *masker) snapshot() []byte {
	b := binary.AppendUvarint(nil, uint64(len(k.ms.variants)))
	for _, s := range k.ms.variants {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(k.held)))
	b = append(b, k.held...)
	b = binary.AppendVarint(b, k.done-k.heldAt)
	if k.shown {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(k.runs)))
	for _, r := range k.runs {
		b = binary.AppendVarint(b, r.start-k.heldAt)
		b = binary.AppendVarint(b, r.end-k.heldAt)
	}
	return b
}

var errState = errors.New("malformed masking state")

// restoreMasker is a masker writing to w that goes on where the one that
// gave state stood. The automaton's node is found again by reading the held
// tail: it is the longest end of the output that a secret continues, and
// whatever the node was, from there on the automaton moves as from that.
func restoreMasker(w io.Writer, state []byte) (*masker, error) {
	r := stateReader{b: state}
	// Each secret takes at least a byte of the state (its length): more
	// than that many is a malformed state, and no fixed bound below it
	// may refuse a real one (a 16 MiB file holds millions of values).
	secrets := make([]string, r.uvarint(uint64(len(state))))
	for i := range secrets {
		secrets[i] = string(r.bytes())
	}
	k := newMasker(w, secrets)
	k.held = append([]byte(nil), r.bytes()...)
	k.done = r.varint()
	k.pos = int64(len(k.held))
	k.shown = r.byte() == 1
	k.runs = make([]run, r.uvarint(uint64(len(k.held))+1))
	for i := range k.runs {
		k.runs[i] = run{r.varint(), r.varint()}
	}
	if r.err != nil || len(r.b) != 0 || k.done < 0 || k.done > k.pos || k.shown && len(k.runs) == 0 {
		return nil, errState
	}
	// Runs are in order, apart, and end in what was seen; only the first,
	// whose ****** is written, may start before the held tail.
	for i, rn := range k.runs {
		if rn.start >= rn.end || rn.end > k.pos || rn.start < 0 && (i > 0 || !k.shown) || i > 0 && k.runs[i-1].end > rn.start {
			return nil, errState
		}
	}
	for _, c := range k.held {
		k.state = k.ms.m.step(k.state, c)
	}
	return k, nil
}

// stateReader reads what state wrote, remembering the first fault.
type stateReader struct {
	b   []byte
	err error
}

func (r *stateReader) uvarint(limit uint64) uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > limit {
		r.err, r.b = errState, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *stateReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err, r.b = errState, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *stateReader) bytes() []byte {
	n := r.uvarint(1 << 40)
	if n > uint64(len(r.b)) {
		r.err, r.b = errState, nil
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *stateReader) byte() byte {
	if len(r.b) == 0 {
		r.err = errState
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (k *masker) flush() error {
	if len(k.out) > 0 {
		k.write(k.out)
		k.out = k.out[:0]
	}
	return k.err
}

// transient tells a write error that later output may not meet: a full
// disk or quota, which a removed file relieves. Other errors (a closed pipe,
// a terminal gone) are for good.
func transient(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

func (k *masker) write(b []byte) {
	if len(b) == 0 || k.err != nil {
		return
	}
	if _, err := k.w.Write(b); err != nil {
		k.err = err
	}
}

// matcher holds the secrets in the two forms the scan needs: a table of
// three-byte grams to pass over output quickly, and an Aho-Corasick
// automaton (a trie with failure links) to find and measure matches.
type matcher struct {
	window int                    // bytes of the shortest secret, at most 32; below 3, no sampling
	grams  [gramSlots / 64]uint64 // bit set of hashes of the grams in the first window bytes of each secret
	first  [256]bool              // bytes that start some secret
	root   [256]int32             // children of the trie's root, 0 meaning none
	nodes  []trieNode
	dense  [][256]int32 // children of the nodes with many, 0 meaning none
}

// The gram table is a 4 KiB bit set indexed by a hash of three bytes, so it
// stays in the L1 cache. Grams sharing a slot only cost a wasted check,
// never a miss. Three bytes rather than two because ordinary text is full of
// the pairs that random tokens contain, but rarely of their triples.
const gramSlots = 1 << 15

func gramHash(a, b, c byte) uint32 {
	return (uint32(a) | uint32(b)<<8 | uint32(c)<<16) * 0x9e3779b1 >> (32 - 15)
}

func (m *matcher) hasGram(a, b, c byte) bool {
	h := gramHash(a, b, c)
	return m.grams[h>>6]&(1<<(h&63)) != 0
}

// trieNode is 24 bytes and owns no memory of its own: a long value (a CA
// bundle, a service account key) in its several masked forms makes a node
// per byte of each, and a node with slices of its children cost over a
// hundred bytes each. Children form a list through sibling.
//
// A node stands for the text from the root to it. The automaton's state
// after some output is the node of the longest end of that output that is
// such a text.
type trieNode struct {
	child   int32 // first child, 0 for none
	sibling int32 // next child of the same parent, 0 for none
	fail    int32 // the node of this one's longest proper suffix, 0 for the root
	out     int32 // length of the longest secret this node's text ends with, 0 for none
	live    int32 // length of the longest end of this node's text that a secret continues (a node with children)
	label   byte
	dense   uint16 // 1 + the index of this node's table of children in matcher.dense, 0 for none
}

// denseChildren is how many children make a node worth a table of them:
// walking a list of siblings at each step cost up to 0.7 us a byte where
// secrets share a prefix (sk-live-...) and branch wide after it.
const denseChildren = 16

func newMatcher(secrets []string) *matcher {
	total := 1
	for _, s := range secrets {
		total += len(s)
	}
	// At most a node per byte: allocated once, never regrown.
	m := &matcher{nodes: make([]trieNode, 1, total)}
	minLen := 0
	for _, s := range secrets {
		if s == "" {
			continue
		}
		if minLen == 0 || len(s) < minLen {
			minLen = len(s)
		}
		m.first[s[0]] = true
		m.add(s)
	}
	// Sampling needs only a few bytes of each secret's start: more would
	// fill the gram table (a thousand secrets of a kilobyte made every
	// sample a hit) and save little, one sample every 30 bytes already
	// passing over most output.
	m.window = min(minLen, 32)
	for _, s := range secrets {
		for j := 0; j+2 < m.window && j+2 < len(s); j++ {
			h := gramHash(s[j], s[j+1], s[j+2])
			m.grams[h>>6] |= 1 << (h & 63)
		}
	}
	m.densify()
	m.link()
	return m
}

// densify gives the nodes with many children a table of them.
func (m *matcher) densify() {
	for n := 1; n < len(m.nodes); n++ {
		count := 0
		for k := m.nodes[n].child; k != 0 && count < denseChildren; k = m.nodes[k].sibling {
			count++
		}
		if count < denseChildren || len(m.dense) == 1<<16-1 {
			continue
		}
		var t [256]int32
		for k := m.nodes[n].child; k != 0; k = m.nodes[k].sibling {
			t[m.nodes[k].label] = k
		}
		m.dense = append(m.dense, t)
		m.nodes[n].dense = uint16(len(m.dense))
	}
}

func (m *matcher) add(s string) {
	n := int32(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		nx := m.child(n, c)
		if nx < 0 {
			nx = int32(len(m.nodes))
			m.nodes = append(m.nodes, trieNode{label: c, sibling: m.nodes[n].child})
			m.nodes[n].child = nx
			if n == 0 {
				m.root[c] = nx
			}
		}
		n = nx
	}
	m.nodes[n].out = int32(len(s))
}

// link sets fail, out and live, breadth first so that every node's fail
// node, which is shallower, is done before it. A node with children is as
// deep as its live says, which spares a field for the depth.
func (m *matcher) link() {
	queue := make([]int32, 0, len(m.nodes))
	queue = append(queue, 0)
	for q := 0; q < len(queue); q++ {
		n := queue[q]
		depth := m.nodes[n].live + 1 // of n's children
		for ch := m.nodes[n].child; ch != 0; ch = m.nodes[ch].sibling {
			c := &m.nodes[ch]
			if n != 0 {
				c.fail = m.step(m.nodes[n].fail, c.label)
			}
			f := &m.nodes[c.fail]
			if c.out == 0 {
				c.out = f.out
			}
			if c.child != 0 {
				c.live = depth
			} else {
				c.live = f.live
			}
			queue = append(queue, ch)
		}
	}
}

func (m *matcher) child(n int32, c byte) int32 {
	if n == 0 {
		if m.root[c] == 0 {
			return -1
		}
		return m.root[c]
	}
	if d := m.nodes[n].dense; d != 0 {
		if k := m.dense[d-1][c]; k != 0 {
			return k
		}
		return -1
	}
	for k := m.nodes[n].child; k != 0; k = m.nodes[k].sibling {
		if m.nodes[k].label == c {
			return k
		}
	}
	return -1
}

// step is the automaton's move from n on c. Each failure link followed
// shortens the text in play, and each byte lengthens it by at most one, so
// the steps over some output cost time in proportion to its length.
func (m *matcher) step(n int32, c byte) int32 {
	for ; n != 0; n = m.nodes[n].fail {
		if k := m.child(n, c); k >= 0 {
			return k
		}
	}
	return m.root[c]
}

// next returns the first position at or after i where a secret may start,
// or len(b). Positions it passes over cannot start a secret.
//
// It samples one three-byte gram every window-2 bytes: a secret that starts
// at s >= i and fits in b has its first window bytes there, and the window-2
// grams inside them start at window-2 consecutive positions, so one of them
// is sampled, and that gram is in the table. Only when a sampled gram is in
// the table are the positions that could have led to it looked at. The
// samples do not depend on each other, so the loop runs at the processor's
// throughput rather than at its load latency.
func (m *matcher) next(b []byte, i int) int {
	w := m.window
	tail := i // where the positions no whole window fits start
	if w >= 3 {
		tail = max(i, len(b)-w+1)
		p, step := i, w-2
		// The p >= 0 and the full slice expression let the compiler drop
		// the bounds checks from this, the loop all output goes through.
		for ; p >= 0 && p < len(b)-3; p += step {
			// One load for the three bytes; gramHash of them is this.
			h := binary.LittleEndian.Uint32(b[p:p+4:p+4]) & 0xffffff * 0x9e3779b1 >> (32 - 15)
			if m.grams[h>>6&(gramSlots/64-1)]&(1<<(h&63)) != 0 {
				if s := m.hitAt(b, i, p, tail); s >= 0 {
					return s
				}
			}
		}
		if p+2 < len(b) && m.hasGram(b[p], b[p+1], b[p+2]) {
			if s := m.hitAt(b, i, p, tail); s >= 0 {
				return s
			}
		}
	}
	return m.firstFrom(b, tail, len(b))
}

// hitAt looks at the positions that could have led to the gram sampled at
// p, returning the first that may start a secret (or an earlier one in the
// tail), or -1.
func (m *matcher) hitAt(b []byte, i, p, tail int) int {
	for s := max(i, p-m.window+3); s <= p; s++ {
		if m.first[b[s]] {
			return m.firstFrom(b, min(tail, s), s)
		}
	}
	return -1
}

// firstFrom returns the first position in [from, to) whose byte starts a
// secret, or to.
func (m *matcher) firstFrom(b []byte, from, to int) int {
	for ; from < to; from++ {
		if m.first[b[from]] {
			return from
		}
	}
	return to
}
