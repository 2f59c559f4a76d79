#!/usr/bin/perl
# Perl XML-RPC stacks driving `baton serve` (interop tests):
#   perl_stacks.pl client URL USER PASSWORD RECEIVER_URI   RPC::XML::Client sequence
#   perl_stacks.pl receiver                                RPC::XML::Server feedback receiver
#   perl_stacks.pl latin1 URL USER PASSWORD                Frontier::Client, encoding ISO-8859-1
# Prints "ok <step>" per step (receiver: "ready <port>", "event <seqn> <name>");
# dies on the first failure.
use strict;
use warnings;

$| = 1;
my $mode = shift @ARGV // die "mode?";

sub check {
    my ($step, $r) = @_;
    die "FAIL $step: no reply\n" unless defined $r;
    die "FAIL $step: $r\n" unless ref $r;
    if (ref $r eq 'RPC::XML::fault') {
        die sprintf("FAIL %s: fault %d %s\n", $step, $r->code, $r->string);
    }
    return $r->value;
}

if ($mode eq 'client') {
    require RPC::XML;
    require RPC::XML::Client;
    my ($url, $user, $pw, $rx) = @ARGV;
    my $c = RPC::XML::Client->new($url);
    my %auth = (authenticationUser => $user, authenticationPassword => $pw);
    my $v = check('feedbackReceiver.extended.configure',
        $c->send_request('feedbackReceiver.extended.configure',
            { %auth, receiverURI => $rx, sourceIdentifier => 'rpc-xml',
              receiverIndex => RPC::XML::int->new(-1) }));
    print "ok feedbackReceiver.extended.configure $v->{receiverIndex}\n";
    $v = check('device.query', $c->send_request('device.query', {%auth}));
    die "FAIL device.query model $v->{model}\n"
        unless $v->{model} eq 'Cisco TelePresence Conductor';
    die "FAIL device.query currentTime\n" unless defined $v->{currentTime};
    print "ok device.query\n";
    $v = check('factory.conferencecreate', $c->send_request('factory.conferencecreate',
        { %auth, conferenceAlias => 'rpc-xml@example.com' }));
    die "FAIL factory.conferencecreate $v->{status}\n"
        unless $v->{status} eq 'operation successful';
    my $name = $v->{conferenceName};
    my $id = $v->{factoryConferenceId};
    print "ok factory.conferencecreate $name\n";
    check('participant.add', $c->send_request('participant.add',
        { %auth, conferenceName => $name, participantName => 'perl-endpoint',
          address => 'endpoint@example.com', addAsGuest => RPC::XML::boolean->new(0) }));
    print "ok participant.add\n";
    $v = check('participant.enumerate', $c->send_request('participant.enumerate',
        { %auth, factoryConferenceIds => [$id] }));
    my @p = @{ $v->{participants} };
    die "FAIL participant.enumerate: " . scalar(@p) . " participants\n" unless @p == 1;
    die "FAIL participant.enumerate name $p[0]{participantName}\n"
        unless $p[0]{participantName} eq 'perl-endpoint';
    print "ok participant.enumerate\n";
    check('conference.destroy', $c->send_request('conference.destroy',
        { %auth, conferenceName => $name }));
    print "ok conference.destroy\n";
    my $f = $c->send_request('conference.destroy', { %auth, conferenceName => $name });
    die "FAIL fault: expected a fault\n" unless ref $f eq 'RPC::XML::fault';
    die sprintf("FAIL fault: expected 4, got %d\n", $f->code) unless $f->code == 4;
    printf "ok fault %d %s\n", $f->code, $f->string;
}
elsif ($mode eq 'receiver') {
    require RPC::XML::Server;
    my $srv = RPC::XML::Server->new(host => '127.0.0.1', port => 0, no_default => 1);
    ref $srv or die "FAIL server: $srv\n";
    $srv->add_method({
        name => 'eventNotification',
        signature => ['struct struct'],
        code => sub {
            my ($s, $note) = @_;
            for my $e (@{ $note->{events} }) {
                print "event $note->{seqn} $e->{name} $note->{sourceIdentifier}\n";
            }
            return { status => 'operation successful' };
        },
    });
    print "ready " . $srv->port . "\n";
    $srv->server_loop;
}
elsif ($mode eq 'latin1') {
    require Frontier::Client;
    my ($url, $user, $pw) = @ARGV;
    my $c = Frontier::Client->new(url => $url, encoding => 'ISO-8859-1');
    my %auth = (authenticationUser => $user, authenticationPassword => $pw);
    # "caf\xE9": one byte per character, sent as ISO-8859-1.
    my $name = "caf\xE9 frontier";
    my $r = $c->call('conference.create', { %auth, conferenceName => $name });
    die "FAIL conference.create $r->{status}\n" unless $r->{status} eq 'operation successful';
    print "ok conference.create\n";
    $r = $c->call('conference.enumerate', {%auth});
    my @names = map { $_->{conferenceName} } @{ $r->{conferences} };
    # The reply is UTF-8: decode the name back to characters.
    require Encode;
    my @chars = map { Encode::decode('UTF-8', $_) } @names;
    die "FAIL conference.enumerate: @names\n" unless grep { $_ eq $name } @chars, @names;
    print "ok conference.enumerate\n";
    $r = $c->call('conference.destroy', { %auth, conferenceName => $name });
    print "ok conference.destroy\n";
}
else {
    die "unknown mode $mode\n";
}
