package launch

import (
	"errors"
	"io"
)

// maskText replaces every secret in the output. It is fixed, so the output
// says nothing about a secret's length.
const maskText = "******"

// masker is the streaming replacer behind newOutput.
//
// Matching is leftmost-longest over the byte stream: scanning left to right,
// at the first position where some secret starts, the longest secret starting
// there is replaced, and scanning resumes after it. So overlapping secrets
// and secrets that are prefixes of others are hidden whole, and the result
// does not depend on how the stream was cut into writes.
//
// Holding back: bytes are written as soon as they are known not to start a
// secret. Only a tail that is still a proper prefix of some secret (at most
// the longest secret's length minus one byte) is held, until more output or
// Close decides it. The held tail is not flushed on a timer even if the child
// goes quiet: flushing "pass" of "password1" and masking nothing when
// "word1" arrives later would leak most of the secret. In a terminal, the
// next keystroke's echo decides it.
//
// Finding candidates: a Wu-Manber style skip loop reads the last two bytes of
// a window as wide as the shortest secret and jumps ahead by as much as those
// bytes allow (up to the window width minus one), so output that holds no
// secret is mostly skipped rather than examined byte by byte. Only where the
// skip table says a secret may start is a trie of the secrets walked, which
// also finds the longest match. Output with no secret in a chunk is written
// straight from the caller's buffer without a copy.
//
// A masker is not safe for concurrent use: each stream gets its own.
type masker struct {
	w    io.Writer
	m    *matcher
	held []byte // undecided tail of earlier writes
	out  []byte // output of the current write, assembled when something was masked
	err  error  // sticky: the first error of w, or errClosed
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
		return 0, k.err
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
			return n, k.flush()
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
		return k.err
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
// b[i:] is undecided, which happens only when final is false.
func (k *masker) scan(b []byte, limit int, final bool) (lit, i int) {
	for i < limit {
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
			i = j + n
			lit = i
			if len(k.out) >= outFlush {
				k.flush()
			}
		}
	}
	return lit, i
}

func (k *masker) flush() error {
	if len(k.out) > 0 {
		k.write(k.out)
		k.out = k.out[:0]
	}
	return k.err
}

func (k *masker) write(b []byte) {
	if len(b) == 0 || k.err != nil {
		return
	}
	if _, err := k.w.Write(b); err != nil {
		k.err = err
	}
}

// matcher holds the secrets in the two forms the scan needs: a skip table
// to pass over output quickly and a trie to confirm and measure matches.
type matcher struct {
	window int // bytes of the shortest secret, at most 256; 0 or 1 disables skipping
	maxLen int
	shift  [1 << 16]uint8 // how far the window may move given its last two bytes
	first  [256]bool      // bytes that start some secret, for the tail
	root   [256]int32     // children of the trie's root, 0 meaning none
	nodes  []trieNode
}

type trieNode struct {
	labels []byte
	next   []int32
	end    bool // a secret ends here
}

func newMatcher(secrets []string) *matcher {
	m := &matcher{nodes: []trieNode{{}}}
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
	m.window = min(minLen, 256)
	if m.window >= 2 {
		w := m.window
		for i := range m.shift {
			m.shift[i] = uint8(w - 1)
		}
		for _, s := range secrets {
			if len(s) < w {
				continue
			}
			for j := 1; j < w; j++ {
				blk := int(s[j-1])<<8 | int(s[j])
				m.shift[blk] = min(m.shift[blk], uint8(w-1-j))
			}
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
			m.nodes = append(m.nodes, trieNode{})
			if n == 0 {
				m.root[c] = nx
			}
			m.nodes[n].labels = append(m.nodes[n].labels, c)
			m.nodes[n].next = append(m.nodes[n].next, nx)
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
	nd := &m.nodes[n]
	for i, l := range nd.labels {
		if l == c {
			return nd.next[i]
		}
	}
	return -1
}

// next returns the first position at or after i where a secret may start,
// or len(b). Positions it skips cannot start a secret.
func (m *matcher) next(b []byte, i int) int {
	if w := m.window; w >= 2 {
		// If a secret started at i+d (d <= w-2), the window's last two bytes
		// would be bytes w-2-d and w-1-d of that secret, and the table holds
		// at most d for them; so every position before i+shift is clear.
		for i+w <= len(b) {
			s := m.shift[int(b[i+w-2])<<8|int(b[i+w-1])]
			if s == 0 {
				return i
			}
			i += int(s)
		}
	}
	// The tail, where no whole window fits.
	for ; i < len(b); i++ {
		if m.first[b[i]] {
			return i
		}
	}
	return len(b)
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
		if len(nd.labels) == 0 {
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
