//! The firmware's job, independent of the target: a simulated peer that writes a
//! `participant.enumerate` reply segment by segment, and the streaming decode of it.

use core::fmt::Write;

use baton_rpc::stream::{EnumerateItem, ParticipantStream};

/// The spec's participant limit.
pub const PARTICIPANTS: u32 = 2400;
/// TCP payload of one Ethernet segment.
pub const SEGMENT: usize = 1460;
/// The stream's buffer.
pub const BUFFER: usize = 4096;

/// What the decode saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Participants decoded.
    pub participants: u32,
    /// Bytes of all participant names (a checksum of sorts).
    pub name_bytes: usize,
    /// Participants with audio muted.
    pub muted: u32,
    /// `currentRevision`.
    pub revision: Option<i32>,
    /// `enumerateID` was present.
    pub more: bool,
    /// Bytes the peer sent.
    pub bytes: usize,
    /// Decoding failed (or a fault came back).
    pub failed: bool,
}

/// Streams a reply with `n` participants from the simulated peer through `buf`.
pub fn run(buf: &mut [u8], n: u32) -> Summary {
    let mut s = ParticipantStream::new(buf);
    let mut peer = Peer::new(n);
    let mut out = Summary::default();
    loop {
        match s.next_item() {
            Ok(EnumerateItem::NeedMore) => {
                let space = s.space();
                let want = space.len().min(SEGMENT);
                let got = peer.read(&mut space[..want]);
                out.bytes += got;
                if got == 0 {
                    s.finish();
                } else {
                    s.commit(got);
                }
            }
            Ok(EnumerateItem::Item(p)) => {
                out.participants += 1;
                out.name_bytes += p.participant_name.map_or(0, str::len);
                out.muted += u32::from(p.audio_rx_muted == Some(true));
            }
            Ok(EnumerateItem::CurrentRevision(r)) => out.revision = r,
            Ok(EnumerateItem::EnumerateId(id)) => out.more = id.is_some(),
            Ok(EnumerateItem::End) => return out,
            Ok(EnumerateItem::Fault(_)) | Err(_) => {
                out.failed = true;
                return out;
            }
        }
    }
}

/// A fixed-size text buffer for one part of the reply.
struct Part {
    buf: [u8; 2048],
    len: usize,
}

impl Write for Part {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len + s.len();
        let dst = self.buf.get_mut(self.len..end).ok_or(core::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// The simulated peer: writes the reply part by part (head, each participant, tail) and
/// hands it out in segments.
pub struct Peer {
    n: u32,
    next: u32,
    part: Part,
    pos: usize,
    done: bool,
}

impl Peer {
    /// A peer that will send `n` participants.
    pub fn new(n: u32) -> Self {
        let mut p = Peer {
            n,
            next: 0,
            part: Part {
                buf: [0; 2048],
                len: 0,
            },
            pos: 0,
            done: false,
        };
        let _ = p.part.write_str(
            "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n\
             <member>\n<name>currentRevision</name>\n<value><int>48213</int></value>\n</member>\n\
             <member>\n<name>participants</name>\n<value><array><data>\n",
        );
        p
    }

    fn refill(&mut self) {
        self.part.len = 0;
        self.pos = 0;
        let i = self.next;
        if i < self.n {
            self.next += 1;
            let _ = write!(
                self.part,
                "<value><struct>\n\
                 <member>\n<name>mcuIPAddress</name>\n<value><string>10.0.{}.{}</string></value>\n</member>\n\
                 <member>\n<name>factoryConferenceId</name>\n<value><string>106c6833-1493-11e1-7ef0-{:012x}</string></value>\n</member>\n\
                 <member>\n<name>participantName</name>\n<value><string>participant-{:05}</string></value>\n</member>\n\
                 <member>\n<name>participantType</name>\n<value><string>by_name</string></value>\n</member>\n\
                 <member>\n<name>conferenceName</name>\n<value><string>Oslo meeting {:02}</string></value>\n</member>\n\
                 <member>\n<name>displayName</name>\n<value><string>Caller {} &lt;mobile&gt;</string></value>\n</member>\n\
                 <member>\n<name>factoryBridgeType</name>\n<value><string>tsmcu</string></value>\n</member>\n\
                 <member>\n<name>audioRxMuted</name>\n<value><boolean>{}</boolean></value>\n</member>\n\
                 <member>\n<name>videoTxMuted</name>\n<value><boolean>0</boolean></value>\n</member>\n\
                 <member>\n<name>callState</name>\n<value><string>connected</string></value>\n</member>\n\
                 <member>\n<name>connectTime</name>\n<value><dateTime.iso8601>20240314T09:{:02}:00</dateTime.iso8601></value>\n</member>\n\
                 </struct></value>\n",
                i % 250,
                i % 7,
                u64::from(i) * 7919,
                i,
                i % 40,
                i,
                i % 3 / 2,
                i % 60,
            );
        } else if !self.done {
            self.done = true;
            let _ = self.part.write_str(
                "</data></array></value>\n</member>\n\
                 <member>\n<name>enumerateID</name>\n<value><string>page-2</string></value>\n</member>\n\
                 </struct></value>\n</param>\n</params>\n</methodResponse>\n",
            );
        }
    }

    /// Copies the next bytes into `out`; 0 at the end.
    pub fn read(&mut self, out: &mut [u8]) -> usize {
        if self.pos == self.part.len {
            self.refill();
        }
        let avail = self.part.buf.get(self.pos..self.part.len).unwrap_or(&[]);
        let n = avail.len().min(out.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), avail.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.pos += n;
        n
    }
}
