package entity

import (
	"crypto/sha256"
	"encoding/hex"
)

// idHexLen is the number of hexadecimal digits of an ID after its kind
// letter: 48 bits, so that a corpus of a million entities of one kind has
// odds of about one in 500 of any two sharing an ID.
const idHexLen = 12

// ID returns the stable identifier of the entity of kind k whose
// canonical name is name: the kind's letter ('p' person, 'l' place, 'o'
// organisation) and 12 hexadecimal digits of the SHA-256 of kind and name.
// The same entity has the same ID in every index and every run, so links
// and saved searches that use it keep working after a re-index; an entity
// whose canonical name changes (a surname joined to its full name) takes
// the ID of its new name.
func ID(k Kind, name string) string {
	sum := sha256.Sum256([]byte(k.String() + "\x1f" + name))
	b := make([]byte, 0, 1+idHexLen)
	b = append(b, k.letter())
	return string(hex.AppendEncode(b, sum[:idHexLen/2]))
}

// ParseID reports whether s has the form of an ID and, if so, the kind it
// names. It does not say whether an entity has that ID.
func ParseID(s string) (Kind, bool) {
	if len(s) != 1+idHexLen {
		return 0, false
	}
	k, ok := kindOfLetter(s[0])
	if !ok {
		return 0, false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return 0, false
		}
	}
	return k, true
}

func (k Kind) letter() byte {
	switch k {
	case Person:
		return 'p'
	case Place:
		return 'l'
	}
	return 'o'
}

func kindOfLetter(c byte) (Kind, bool) {
	for _, k := range []Kind{Person, Place, Organisation} {
		if k.letter() == c {
			return k, true
		}
	}
	return 0, false
}
