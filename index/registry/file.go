package registry

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/index/entity"
)

// FileName is the registry's file in the index directory.
const FileName = "sitrep-registry.gob"

// fileMagic opens the file; its last byte is the format's version.
const fileMagic = "SITREPR\x01"

// file is the registry as saved.
type file struct {
	Gen      uint64
	Articles int
	Names    []fileName
	Ents     []fileEnt
	// Unsettled is the registry's unsettled (SetUnsettled); a file
	// saved before it existed decodes as settled.
	Unsettled bool
}

type fileName struct {
	Kind              entity.Kind
	Name, Target, Why string
	Articles          int
	Forms, Titles     []tally
	// Sources and Roles: see name; a file saved before they were kept
	// decodes without them.
	Sources, Roles []tally
}

type fileEnt struct {
	Kind     entity.Kind
	Name     string
	Articles int
}

// Encode returns the registry as the bytes Save writes: the same state
// gives the same bytes.
func (r *Registry) Encode() ([]byte, error) {
	r.mu.RLock()
	f := file{Gen: r.gen, Articles: r.articles, Unsettled: r.unsettled, Names: make([]fileName, 0, len(r.names)), Ents: make([]fileEnt, 0, len(r.ents))}
	for _, nm := range r.names {
		f.Names = append(f.Names, fileName{Kind: nm.kind, Name: nm.name, Target: nm.target, Why: nm.why,
			Articles: nm.articles, Forms: nm.forms, Titles: nm.titles, Sources: nm.sources, Roles: nm.roles})
	}
	for _, e := range r.ents {
		f.Ents = append(f.Ents, fileEnt{Kind: e.kind, Name: e.name, Articles: e.articles})
	}
	var buf bytes.Buffer
	buf.WriteString(fileMagic)
	buf.Write(make([]byte, 4)) // the checksum, below
	err := gob.NewEncoder(&buf).Encode(sortFile(f))
	r.mu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("encode the entity registry: %w", err)
	}
	b := buf.Bytes()
	binary.BigEndian.PutUint32(b[len(fileMagic):], crc32.ChecksumIEEE(b[len(fileMagic)+4:]))
	return b, nil
}

func sortFile(f file) file {
	slices.SortFunc(f.Names, func(a, b fileName) int {
		if a.Kind != b.Kind {
			return int(a.Kind) - int(b.Kind)
		}
		return strings.Compare(a.Name, b.Name)
	})
	slices.SortFunc(f.Ents, func(a, b fileEnt) int {
		if a.Kind != b.Kind {
			return int(a.Kind) - int(b.Kind)
		}
		return strings.Compare(a.Name, b.Name)
	})
	return f
}

// ErrDamaged reports a registry file that is not one Save wrote whole.
var ErrDamaged = errors.New("the entity registry file is damaged")

// Decode reads a registry that Encode wrote. It fails with ErrDamaged on
// anything else.
func Decode(b []byte) (*Registry, error) {
	if len(b) < len(fileMagic)+4 || string(b[:len(fileMagic)]) != fileMagic {
		return nil, fmt.Errorf("%w: it does not start as a registry of this sitrep", ErrDamaged)
	}
	body := b[len(fileMagic)+4:]
	if binary.BigEndian.Uint32(b[len(fileMagic):]) != crc32.ChecksumIEEE(body) {
		return nil, fmt.Errorf("%w: its checksum does not match", ErrDamaged)
	}
	var f file
	if err := gob.NewDecoder(bytes.NewReader(body)).Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	r := New()
	r.gen, r.articles, r.unsettled = f.Gen, f.Articles, f.Unsettled
	r.names = make(map[nameKey]*name, len(f.Names))
	r.ents = make(map[string]*ent, len(f.Ents))
	r.members = make(map[string][]*name, len(f.Ents))
	for _, fn := range f.Names {
		target := fn.Target
		if target == fn.Name {
			target = fn.Name // one copy of the string
		}
		nm := &name{kind: fn.Kind, name: fn.Name, target: target, why: fn.Why, articles: fn.Articles, forms: fn.Forms, titles: fn.Titles, sources: fn.Sources, roles: fn.Roles}
		r.names[nameKey{nm.kind, nm.name}] = nm
		r.addMember(nm)
		if g := groupOf(nm.kind, nm.name); g != "" {
			r.groups[g] = append(r.groups[g], nm)
		}
		if nm.kind == entity.Person {
			r.persons++
		}
		for _, t := range nm.titles {
			r.titleHolders[t.Text]++
		}
	}
	for _, fe := range f.Ents {
		r.ents[entity.ID(fe.Kind, fe.Name)] = &ent{kind: fe.Kind, name: fe.Name, articles: fe.Articles}
	}
	return r, nil
}

// Save writes the registry to path atomically: to a temporary file in
// the same directory, synced, then renamed over path, so that a crash
// leaves either the old file or the new one.
func (r *Registry) Save(path string) error {
	b, err := r.Encode()
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return fmt.Errorf("save the entity registry: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("save the entity registry to %s: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save the entity registry to %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save the entity registry to %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save the entity registry to %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // the rename durable; not every filesystem can
		d.Close()
	}
	return nil
}

// Load reads the registry Save wrote to path. It fails with an error
// wrapping os.ErrNotExist when there is none, and ErrDamaged when the
// file is not one Save wrote whole.
func Load(path string) (*Registry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load the entity registry: %w", err)
	}
	r, err := Decode(b)
	if err != nil {
		return nil, fmt.Errorf("load the entity registry %s: %w", path, err)
	}
	return r, nil
}
