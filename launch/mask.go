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
// Matching is leftmost-longest over the byte stream: scanning left to right,
// at the first position where some secret starts, the longest secret starting
// there is replaced, together with every secret that starts inside what is
// replaced and runs on past its end (abcd and bcdefghij in abcdefghij: one
// ******), and scanning resumes after that. So secrets that are prefixes of
// others, or overlap in the output, are hidden whole, and the result does not
// depend on how the stream was cut into writes. Secrets that merely touch
// are replaced one by one.
//
// Holding back: bytes are written as soon as they are known not to start a
// secret. Only a tail that is still a proper prefix of some secret (at most
// the longest secret's length minus one byte) is held, until more output or
// Close decides it. The held tail is not flushed on a timer even if the child
// goes quiet: flushing "pass" of "password1" and masking nothing when
// "word1" arrives later would leak most of the secret. In a terminal, the
// next keystroke's echo decides it.
//
// Finding candidates: the output is sampled, one three-byte gram every
// (shortest secret - 2) bytes, against a small table of the grams the
// secrets begin with (see next), so output that holds no secret is mostly
// passed over rather than examined byte by byte. Only where a sample hits is
// a trie of the secrets walked, which also finds the longest match. A chunk
// of output with no secret in it is written straight from the caller's
// buffer, without a copy.
//
// A masker is not safe for concurrent use: each stream gets its own.
type masker struct {
	w     io.Writer
	m     *matcher
	held  []byte // undecided tail of earlier writes
	cover int    // bytes at the start of what comes next (held, then writes) inside a replaced run whose ****** is written
	out   []byte // output of the current write, assembled when something was masked
	err   error  // sticky: the first error of w, or errClosed
}

var errClosed = errors.New("write to closed masking stream")

// outFlush bounds the assembly buffer so memory stays flat whatever the
// size of one Write.
const outFlush = 64 << 10

func newMasker(w io.Writer, secrets []string) *masker {
	return &masker{w: w, m: newMatcher(secrets)}
}

func (k *masker) Write(p []byte) (int, error) {
	if k.err != nil {
		if !transient(k.err) {
			return 0, k.err
		}
		k.err = nil // the disk may have room again, as for the command writing there itself
	}
	n := len(p)
	if len(k.held) > 0 {
		// Decide the positions in the held tail, looking at enough of p
		// that a secret starting in the tail can be seen whole.
		h := len(k.held)
		k.held = append(k.held, p[:min(len(p), k.m.maxLen)]...)
		lit, i := k.scan(k.held, h, false)
		k.out = append(k.out, k.held[lit:i]...) // empty when a secret ran past h
		if i < h {
			// Still undecided: p was shorter than the longest secret
			// and is now all in held.
			k.held = k.held[:copy(k.held, k.held[i:])]
			if err := k.flush(); err != nil {
				return 0, err
			}
			return n, nil
		}
		k.held = k.held[:0]
		p = p[i-h:]
	}
	lit, i := k.scan(p, len(p), false)
	if len(k.out) == 0 {
		k.write(p[lit:i])
	} else {
		k.out = append(k.out, p[lit:i]...)
		k.flush()
	}
	k.held = append(k.held, p[i:]...)
	if k.err != nil {
		return 0, k.err
	}
	return n, nil
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
	if len(k.held) > 0 {
		lit, i := k.scan(k.held, len(k.held), true)
		k.out = append(k.out, k.held[lit:i]...)
		k.held = k.held[:0]
	}
	if err := k.flush(); err != nil {
		return err
	}
	k.err = errClosed
	return nil
}

// scan decides the positions of b before limit (and may run past it when a
// secret found there does). Everything decided before the returned lit has
// been appended to k.out; b[lit:i] is a run of plain bytes the caller writes;
// b[i:] is undecided, which happens only when final is false. k.cover says,
// on the way in and out, how much of b (of b[i:] on the way out) is inside a
// replaced run.
func (k *masker) scan(b []byte, limit int, final bool) (lit, i int) {
	end := k.cover // b[:end] is replaced
	k.cover = 0
	for {
		// Inside a replaced run, each position may start a secret that
		// runs on past it, and so extends it.
		for ; i < end && i < limit; i++ {
			if !k.m.first[b[i]] {
				continue
			}
			n, undecided := k.m.matchAt(b[i:], final)
			if undecided {
				k.cover = end - i
				return i, i
			}
			end = max(end, i+n)
		}
		if i < end { // the run goes on past limit
			k.cover = end - i
			return i, i
		}
		lit = max(lit, end)
		if i >= limit {
			return lit, i
		}
		j := k.m.next(b, i)
		if j >= limit {
			return lit, limit
		}
		n, undecided := k.m.matchAt(b[j:], final)
		switch {
		case undecided:
			return lit, j
		case n == 0:
			i = j + 1
		default:
			k.out = append(k.out, b[lit:j]...)
			k.out = append(k.out, maskText...)
			i, end = j+1, j+n
			if len(k.out) >= outFlush {
				k.flush()
			}
		}
	}
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
// three-byte grams to pass over output quickly and a trie to confirm and
// measure matches.
type matcher struct {
	window int // bytes of the shortest secret; below 3, no sampling
	maxLen int
	grams  [gramSlots / 64]uint64 // bit set of hashes of the grams in the first window bytes of each secret
	first  [256]bool              // bytes that start some secret
	root   [256]int32             // children of the trie's root, 0 meaning none
	nodes  []trieNode
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

// trieNode is 12 bytes and owns no memory of its own: a long value (a CA
// bundle, a service account key) in its several masked forms makes a node
// per byte of each, and a node with slices of its children cost over a
// hundred bytes each. Children form a list through sibling.
type trieNode struct {
	child   int32 // first child, 0 for none
	sibling int32 // next child of the same parent, 0 for none
	label   byte
	end     bool // a secret ends here
}

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
		m.maxLen = max(m.maxLen, len(s))
		m.first[s[0]] = true
		m.add(s)
	}
	m.window = minLen
	for _, s := range secrets {
		for j := 0; j+2 < m.window && j+2 < len(s); j++ {
			h := gramHash(s[j], s[j+1], s[j+2])
			m.grams[h>>6] |= 1 << (h & 63)
		}
	}
	return m
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
	m.nodes[n].end = true
}

func (m *matcher) child(n int32, c byte) int32 {
	if n == 0 {
		if m.root[c] == 0 {
			return -1
		}
		return m.root[c]
	}
	for k := m.nodes[n].child; k != 0; k = m.nodes[k].sibling {
		if m.nodes[k].label == c {
			return k
		}
	}
	return -1
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

// matchAt returns the length of the longest secret that b starts with, or 0.
// Unless final, it reports undecided when b ends while a longer secret could
// still follow (b is a proper prefix of a secret).
func (m *matcher) matchAt(b []byte, final bool) (n int, undecided bool) {
	node := int32(0)
	for k := 0; ; k++ {
		nd := &m.nodes[node]
		if nd.end {
			n = k
		}
		if nd.child == 0 {
			return n, false
		}
		if k == len(b) {
			return n, !final
		}
		node = m.child(node, b[k])
		if node < 0 {
			return n, false
		}
	}
}
