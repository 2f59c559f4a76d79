//! What both builds share around the network: buffer sizes, the listener
//! and delivery tasks, and the device identity from the stack's config.

use embassy_net::Stack;

use baton_embassy::feedback::DeliveryBuffers;
use baton_embassy::{FeedbackConfig, Listener, ServerConfig, Users};

use crate::app::{App, DeviceInfo, FeedbackState, ACCOUNTS};

/// Concurrent `/RPC2` connections (one listener task each).
pub const LISTENERS: usize = 2;
/// Sockets the stack needs: the listeners, the delivery socket, DNS.
pub const SOCKETS: usize = LISTENERS + 2;

/// One listener: 1 KiB TCP windows, 2 KiB requests, 3 KiB responses.
pub type AppListener = Listener<1024, 2048, 3072>;
/// The delivery task: 1 KiB TCP windows, 1.5 KiB notifications, 512 B
/// answers.
pub type AppDelivery = DeliveryBuffers<1024, 1536, 512>;

/// Serves `/RPC2` forever on one socket.
#[embassy_executor::task(pool_size = LISTENERS)]
pub async fn listener_task(
    stack: Stack<'static>,
    listener: &'static mut AppListener,
    app: &'static App,
    config: ServerConfig,
) -> ! {
    listener
        .run(stack, &config, app, &Users::new(ACCOUNTS))
        .await
}

/// Delivers feedback notifications forever.
#[embassy_executor::task]
pub async fn delivery_task(
    stack: Stack<'static>,
    feedback: &'static FeedbackState,
    buffers: &'static mut AppDelivery,
    config: FeedbackConfig,
) -> ! {
    feedback.deliver(stack, &config, buffers).await
}

/// Appends `b` in decimal.
fn push_u8<const N: usize>(out: &mut heapless::String<N>, b: u8) {
    let _ = out.push_str(itoa::Buffer::new().format(b));
}

/// Appends a dotted quad.
fn push_quad<const N: usize>(out: &mut heapless::String<N>, q: [u8; 4]) {
    for (i, b) in q.into_iter().enumerate() {
        if i > 0 {
            let _ = out.push('.');
        }
        push_u8(out, b);
    }
}

/// The device identity from the MAC address and the stack's IPv4 config
/// (formatted by hand: no `core::fmt` in the image for this).
pub fn device_info(serial: &'static str, mac: [u8; 6], stack: Stack<'_>) -> DeviceInfo {
    let mut info = DeviceInfo {
        serial,
        ..DeviceInfo::default()
    };
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in mac.iter().enumerate() {
        if i > 0 {
            let _ = info.mac.push(':');
        }
        let _ = info.mac.push(char::from(HEX[usize::from(b >> 4)]));
        let _ = info.mac.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    if let Some(c) = stack.config_v4() {
        push_quad(&mut info.ip, c.address.address().octets());
        let mask = u32::MAX
            .checked_shl(32 - u32::from(c.address.prefix_len()))
            .unwrap_or(0);
        push_quad(&mut info.mask, mask.to_be_bytes());
        if let Some(g) = c.gateway {
            push_quad(&mut info.gateway, g.octets());
        }
    }
    info
}
